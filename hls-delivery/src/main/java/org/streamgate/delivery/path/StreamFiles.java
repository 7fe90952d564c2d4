package org.streamgate.delivery.path;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Resolves a {@link StreamPath} to a regular file under {@code STREAM_ROOT/<eventId>/}, confirming that it stays
 * inside that event folder, symlinks included, in the manner of Helidon's FileSystemContentHandler.
 *
 * <p>Two ways to confirm it. The common case, checked first: the event folder, every directory below it and the file
 * itself are plain (no symlinks, {@code lstat} of each), so the normalised path already is the real path and lies
 * inside the event folder; that costs one system call per path component. As soon as a symlink appears on the way,
 * real paths decide (the file's and the event folder's, both resolved): the event folder must be inside the root
 * and the file inside the event folder. The root itself is resolved once at start and trusted (it is configuration).
 * Resolving real paths for every request cost ten {@code readlink} calls, about a fifth of the server's CPU time on
 * small playlists (docs/PERFORMANCE.md).
 *
 * <p>Concurrency: immutable and thread-safe.
 */
public final class StreamFiles {

    private final Path realRoot;

    /** @param root an existing directory; resolved to its real path once */
    public StreamFiles(Path root) {
        try {
            this.realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("stream root does not exist: " + root, e);
        }
    }

    /**
     * A regular file inside its event folder, with the attributes read while confirming that.
     *
     * @param path       the file's path, free of symlinks
     * @param attributes its attributes ({@code lstat}), current as of the check
     */
    public record ResolvedFile(Path path, BasicFileAttributes attributes) {
    }

    /** The path of the file, or empty when it is absent, not a regular file, or outside its event folder. */
    public Optional<Path> resolve(StreamPath path) {
        return resolveFile(path).map(ResolvedFile::path);
    }

    /** As {@link #resolve(StreamPath)}, with the file's attributes from the same system calls. */
    public Optional<ResolvedFile> resolveFile(StreamPath path) {
        Path eventDir = realRoot.resolve(path.eventId());
        Path candidate = eventDir.resolve(path.relativePath()).normalize();
        if (!candidate.startsWith(eventDir) || candidate.equals(eventDir)) {
            return Optional.empty();
        }
        try {
            BasicFileAttributes plain = plainTreeFile(eventDir, candidate);
            if (plain != null) {
                return Optional.of(new ResolvedFile(candidate, plain));
            }
            Path realEventDir = eventDir.toRealPath();
            if (!realEventDir.startsWith(realRoot) || realEventDir.equals(realRoot)) {
                return Optional.empty();
            }
            Path real = candidate.toRealPath();
            if (!real.startsWith(realEventDir)) {
                return Optional.empty();
            }
            BasicFileAttributes attrs = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return attrs.isRegularFile() ? Optional.of(new ResolvedFile(real, attrs)) : Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    public Path root() {
        return realRoot;
    }

    /**
     * The attributes of {@code file} when {@code eventDir} and every directory below it on the way to {@code file} are
     * directories and {@code file} a regular file, none of them a symlink. {@code null} sends the caller to the
     * real-path check.
     */
    private static BasicFileAttributes plainTreeFile(Path eventDir, Path file) throws IOException {
        if (!Files.readAttributes(eventDir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isDirectory()) {
            return null;
        }
        Path current = eventDir;
        for (Path name : eventDir.relativize(file)) {
            current = current.resolve(name);
            BasicFileAttributes attrs = Files.readAttributes(current, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            boolean last = current.equals(file);
            if (last ? !attrs.isRegularFile() : !attrs.isDirectory()) {
                return null;
            }
            if (last) {
                return attrs;
            }
        }
        return null;
    }
}
