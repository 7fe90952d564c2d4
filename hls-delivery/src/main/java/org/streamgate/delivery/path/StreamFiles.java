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

    /** The path of the file, or empty when it is absent, not a regular file, or outside its event folder. */
    public Optional<Path> resolve(StreamPath path) {
        Path eventDir = realRoot.resolve(path.eventId());
        Path candidate = eventDir.resolve(path.relativePath()).normalize();
        if (!candidate.startsWith(eventDir) || candidate.equals(eventDir)) {
            return Optional.empty();
        }
        try {
            if (isPlainTree(eventDir, candidate)) {
                return Optional.of(candidate);
            }
            Path realEventDir = eventDir.toRealPath();
            if (!realEventDir.startsWith(realRoot) || realEventDir.equals(realRoot)) {
                return Optional.empty();
            }
            Path real = candidate.toRealPath();
            if (!real.startsWith(realEventDir) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            return Optional.of(real);
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    public Path root() {
        return realRoot;
    }

    /**
     * Whether {@code eventDir} and every directory below it on the way to {@code file} are directories and {@code file}
     * a regular file, none of them a symlink. {@code false} sends the caller to the real-path check.
     */
    private static boolean isPlainTree(Path eventDir, Path file) throws IOException {
        if (!Files.readAttributes(eventDir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isDirectory()) {
            return false;
        }
        Path current = eventDir;
        for (Path name : eventDir.relativize(file)) {
            current = current.resolve(name);
            BasicFileAttributes attrs = Files.readAttributes(current, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            boolean last = current.equals(file);
            if (last ? !attrs.isRegularFile() : !attrs.isDirectory()) {
                return false;
            }
        }
        return true;
    }
}
