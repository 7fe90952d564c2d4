package org.streamgate.transcoder.job;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Deletes everything the transcoder keeps for one event: {@code STREAM_ROOT/<eventId>/} (playlists, segments, and
 * whatever the platform put there, such as an upload) and the job's private work folder. Symbolic links are
 * removed, never followed. Files that vanish meanwhile are fine.
 */
public final class EventFiles {

    /**
     * @param existed whether there was anything to delete
     * @param files   regular files (and links) removed
     * @param bytes   their total size
     */
    public record Deleted(boolean existed, long files, long bytes) {
    }

    private EventFiles() {
    }

    /** Call only while no job for the event runs ({@link JobRegistry#purge}). */
    public static Deleted delete(Path streamRoot, Path workRoot, String eventId) throws IOException {
        EventIds.require(eventId);
        Path eventDir = inside(streamRoot, eventId);
        Path workDir = inside(workRoot, eventId);
        boolean existed = Files.exists(eventDir, LinkOption.NOFOLLOW_LINKS)
                || Files.exists(workDir, LinkOption.NOFOLLOW_LINKS);
        long[] counts = new long[2];
        deleteTree(eventDir, counts);
        deleteTree(workDir, counts);
        return new Deleted(existed, counts[0], counts[1]);
    }

    private static Path inside(Path root, String eventId) {
        Path base = root.toAbsolutePath().normalize();
        Path dir = base.resolve(eventId).normalize();
        if (!dir.getParent().equals(base)) {
            throw new IllegalArgumentException("eventId " + eventId + " escapes " + base);
        }
        return dir;
    }

    private static void deleteTree(Path top, long[] counts) throws IOException {
        if (!Files.exists(top, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (Files.deleteIfExists(file)) {
                    counts[0]++;
                    counts[1] += attrs.isRegularFile() ? attrs.size() : 0;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
