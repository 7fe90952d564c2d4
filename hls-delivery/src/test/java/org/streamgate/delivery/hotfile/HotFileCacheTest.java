package org.streamgate.delivery.hotfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link HotFileCache}: served from memory only while the file is unchanged, never a stale version after a rewrite
 * (even one keeping size and modification time), size cap with least-recently-used eviction, one read for many
 * concurrent requests. A fixed clock; file times are set explicitly relative to it.
 */
class HotFileCacheTest {

    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00.250Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    /** Old enough to be taken in; with a fraction of a second, as fine-grained file systems write. */
    private static final FileTime SETTLED = FileTime.from(NOW.minusSeconds(60).plusMillis(123));
    private static final long CAP = 16 * 10_000;

    private final Path dir = createDir();
    private final HotFileCache cache = new HotFileCache(CAP, CLOCK);

    @AfterEach
    void cleanUp() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void servesTheSameBytesFromMemoryWhileTheFileIsUnchanged() throws IOException {
        Path file = write("a.ts", content(1, 5000), SETTLED);
        byte[] first = cache.get(file, attributes(file));
        assertArrayEquals(content(1, 5000), first);
        assertSame(first, cache.get(file, attributes(file)), "second request is a hit");
        assertEquals(1, cache.loads());
        assertEquals(1, cache.hits());
        assertEquals(5000, cache.bytes());
        assertEquals(1, cache.files());
    }

    @Test
    void rewrittenFileIsReadAfresh() throws IOException {
        Path file = write("a.ts", content(1, 5000), SETTLED);
        cache.get(file, attributes(file));
        write("a.ts", content(2, 5000), FileTime.from(SETTLED.toInstant().plusMillis(1)));
        assertArrayEquals(content(2, 5000), cache.get(file, attributes(file)));
        write("a.ts", content(3, 4000), FileTime.from(SETTLED.toInstant().plusMillis(1)));
        assertArrayEquals(content(3, 4000), cache.get(file, attributes(file)), "same time, other size");
        assertEquals(4000, cache.bytes(), "the replaced entry no longer counts");
    }

    @Test
    void fileReplacedBySameSizeAndTimeIsReadAfresh() throws IOException {
        Path file = write("a.ts", content(1, 5000), SETTLED);
        cache.get(file, attributes(file));
        // the way ffmpeg replaces playlists: a new file renamed over the old one (a new inode)
        Path next = write("a.ts.tmp", content(2, 5000), SETTLED);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertArrayEquals(content(2, 5000), cache.get(file, attributes(file)));
    }

    @Test
    void recentlyModifiedFileIsNeverTakenInSoASameTickRewriteCannotGoStale() throws IOException {
        FileTime justNow = FileTime.from(NOW.minusMillis(20));
        Path file = write("live.m3u8", content(1, 300), justNow);
        assertNull(cache.get(file, attributes(file)), "too recent: the caller streams it from disk");
        // a rewrite within the same tick of the file system clock: same size, same time, same inode
        write("live.m3u8", content(2, 300), justNow);
        assertNull(cache.get(file, attributes(file)));
        assertEquals(0, cache.files());
        assertEquals(2, cache.bypasses());
        // once settled it is taken in, with what is on disk then
        Files.setLastModifiedTime(file, FileTime.from(NOW.minus(HotFileCache.RACY_WINDOW).minusMillis(1)));
        assertArrayEquals(content(2, 300), cache.get(file, attributes(file)));
    }

    @Test
    void wholeSecondTimesMustBeOlderStill() throws IOException {
        Instant wholeSecond = Instant.parse("2030-01-01T11:59:59Z"); // 1.25 s before NOW
        Path file = write("coarse.ts", content(1, 300), FileTime.from(wholeSecond));
        assertNull(cache.get(file, attributes(file)), "a file system that keeps whole seconds: 2 s window");
        Files.setLastModifiedTime(file, FileTime.from(wholeSecond.minusSeconds(1)));
        assertArrayEquals(content(1, 300), cache.get(file, attributes(file)));
    }

    @Test
    void fileChangedBetweenItsStatAndItsReadIsNotTakenIn() throws IOException {
        Path file = write("a.ts", content(1, 5000), SETTLED);
        BasicFileAttributes before = attributes(file);
        write("a.ts", content(2, 5000), FileTime.from(SETTLED.toInstant().plusSeconds(1)));
        assertNull(cache.get(file, before), "what was read is not the version the request saw");
        assertEquals(0, cache.files());
        assertArrayEquals(content(2, 5000), cache.get(file, attributes(file)));
    }

    @Test
    void vanishedFileIsLeftToTheCaller() throws IOException {
        Path file = write("a.ts", content(1, 5000), SETTLED);
        BasicFileAttributes before = attributes(file);
        Files.delete(file);
        assertNull(cache.get(file, before));
    }

    @Test
    void filesLargerThanASixteenthOfTheCapAreNotTakenIn() throws IOException {
        Path small = write("small.ts", content(1, (int) (CAP / 16)), SETTLED);
        Path large = write("large.ts", content(1, (int) (CAP / 16) + 1), SETTLED);
        assertNotNull(cache.get(small, attributes(small)));
        assertNull(cache.get(large, attributes(large)));
        assertEquals(1, cache.files());
    }

    @Test
    void leastRecentlyServedFilesAreEvictedBeyondTheCap() throws IOException {
        int size = (int) (CAP / 16);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            files.add(write(i + ".ts", content(i, size), SETTLED));
            cache.get(files.get(i), attributes(files.get(i)));
        }
        assertEquals(CAP, cache.bytes());
        cache.get(files.get(0), attributes(files.get(0))); // 0 is now the most recent, 1 the least
        Path extra = write("16.ts", content(16, size), SETTLED);
        assertArrayEquals(content(16, size), cache.get(extra, attributes(extra)));
        assertEquals(CAP, cache.bytes());
        assertEquals(16, cache.files());
        assertEquals(1, cache.evictions());
        long loads = cache.loads();
        cache.get(files.get(0), attributes(files.get(0)));
        assertEquals(loads, cache.loads(), "0 stayed");
        assertArrayEquals(content(1, size), cache.get(files.get(1), attributes(files.get(1))));
        assertEquals(loads + 1, cache.loads(), "1 was evicted and read again");
        assertTrue(cache.bytes() <= CAP);
    }

    @Test
    void zeroCapTakesNothing() throws IOException {
        HotFileCache off = new HotFileCache(0, CLOCK);
        Path file = write("a.ts", content(1, 10), SETTLED);
        assertNull(off.get(file, attributes(file)));
    }

    @Test
    void concurrentRequestsForOneFileShareOneRead() throws Exception {
        Path file = write("a.ts", content(7, 8000), SETTLED);
        BasicFileAttributes attrs = attributes(file);
        int requests = 32;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<byte[]>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < requests; i++) {
                results.add(threads.submit(() -> {
                    start.await();
                    return cache.get(file, attrs);
                }));
            }
            start.countDown();
            for (Future<byte[]> r : results) {
                assertArrayEquals(content(7, 8000), r.get());
            }
        }
        assertEquals(1, cache.loads());
        assertEquals(requests - 1, cache.hits());
    }

    @Test
    void concurrentRequestsOverManyFilesStayWithinTheCapAndGetTheirOwnBytes() throws Exception {
        int size = (int) (CAP / 16);
        int fileCount = 40;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < fileCount; i++) {
            files.add(write(i + ".ts", content(i, size - i), SETTLED));
        }
        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 16; t++) {
                int seed = t;
                results.add(threads.submit(() -> {
                    for (int n = 0; n < 400; n++) {
                        int i = (seed * 7 + n * 13) % fileCount;
                        byte[] got = cache.get(files.get(i), attributes(files.get(i)));
                        if (got == null || !java.util.Arrays.equals(content(i, size - i), got)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertTrue(r.get());
            }
        }
        assertTrue(cache.bytes() <= CAP, "held " + cache.bytes());
        assertEquals(16 * 400, cache.hits() + cache.loads());
    }

    private Path write(String name, byte[] bytes, FileTime modified) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        Files.setLastModifiedTime(file, modified);
        return file;
    }

    private static BasicFileAttributes attributes(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    private static byte[] content(int seed, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + seed * 7 + (i >> 8));
        }
        return b;
    }

    private static Path createDir() {
        try {
            return Files.createTempDirectory("hot-file-cache");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
