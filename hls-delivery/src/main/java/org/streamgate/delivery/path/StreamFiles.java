package org.streamgate.delivery.path;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Resolves a {@link StreamPath} to a regular file under {@code STREAM_ROOT/<eventId>/}, confirming with real paths
 * (symlinks resolved) that it stays inside that event folder, in the manner of Helidon's FileSystemContentHandler.
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

    /** The real path of the file, or empty when it is absent, not a regular file, or outside its event folder. */
    public Optional<Path> resolve(StreamPath path) {
        Path eventDir = realRoot.resolve(path.eventId());
        Path candidate = eventDir.resolve(path.relativePath()).normalize();
        if (!candidate.startsWith(eventDir)) {
            return Optional.empty();
        }
        try {
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
}
