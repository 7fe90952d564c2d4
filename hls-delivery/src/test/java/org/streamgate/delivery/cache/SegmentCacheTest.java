package org.streamgate.delivery.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.streamgate.delivery.http.ApiException;
import org.streamgate.delivery.origin.FileResource;
import org.streamgate.delivery.origin.StreamResource;
import org.streamgate.delivery.origin.UpstreamClient;
import org.streamgate.delivery.token.PresentedToken;

/** The cache against a real local origin, with a hand-moved clock for the age cap. */
class SegmentCacheTest {

    private static final class ManualClock extends Clock {
        volatile Instant now = Instant.now();

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static final PresentedToken VIEWER = new PresentedToken("viewer-token", Optional.empty());

    private Path originRoot;
    private Path cacheRoot;
    private FakeOrigin origin;
    private final ManualClock clock = new ManualClock();

    @BeforeEach
    void setUp() throws IOException {
        Path base = Files.createTempDirectory("segment-cache-test");
        originRoot = Files.createDirectories(base.resolve("origin"));
        cacheRoot = base.resolve("cache");
        Files.createDirectories(originRoot.resolve("ev1/720p"));
        Files.createDirectories(originRoot.resolve("ev1/480p"));
        for (String name : new String[] {"a", "b", "c"}) {
            Files.write(originRoot.resolve("ev1/720p/" + name + ".ts"), bytes(name.charAt(0), 2000));
        }
        Files.write(originRoot.resolve("ev1/480p/a.ts"), bytes('x', 1000));
        origin = new FakeOrigin(originRoot);
    }

    @AfterEach
    void tearDown() {
        origin.close();
    }

    private SegmentCache cache(long maxBytes, Duration maxAge) throws IOException {
        SegmentCache cache = new SegmentCache(cacheRoot, maxBytes, maxAge, Duration.ofSeconds(2),
                new UpstreamClient(java.net.URI.create(origin.url()), Duration.ofSeconds(2)), FileResource::open, clock);
        cache.start();
        return cache;
    }

    private static byte[] read(SegmentCache cache, String key) throws IOException {
        try (StreamResource r = cache.open(key, VIEWER)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            r.writeTo(out, 0, -1);
            return out.toByteArray();
        }
    }

    private static byte[] bytes(char c, int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) c);
        return b;
    }

    @Test
    void secondReadIsAHitAndRenditionsDoNotCollide() throws IOException {
        try (SegmentCache cache = cache(1 << 20, Duration.ofHours(1))) {
            assertArrayEquals(bytes('a', 2000), read(cache, "ev1/720p/a.ts"));
            assertArrayEquals(bytes('a', 2000), read(cache, "ev1/720p/a.ts"));
            assertArrayEquals(bytes('x', 1000), read(cache, "ev1/480p/a.ts"));
            assertEquals(1, origin.requests("ev1/720p/a.ts"));
            assertEquals(1, cache.hits());
            assertTrue(Files.isRegularFile(cacheRoot.resolve("ev1/720p/a.ts")));
        }
    }

    @Test
    void leastRecentlyUsedGoesFirstUnderTheSizeCap() throws IOException {
        try (SegmentCache cache = cache(5000, Duration.ofHours(1))) {
            read(cache, "ev1/720p/a.ts");
            read(cache, "ev1/720p/b.ts");
            read(cache, "ev1/720p/a.ts");
            read(cache, "ev1/720p/c.ts");
            cache.evictToFit();
            assertEquals(1, cache.sizeEvictions());
            assertTrue(cache.bytes() <= 5000);
            read(cache, "ev1/720p/a.ts");
            read(cache, "ev1/720p/b.ts");
            assertEquals(1, origin.requests("ev1/720p/a.ts"), "recently used a stayed");
            assertEquals(2, origin.requests("ev1/720p/b.ts"), "least recently used b was evicted");
        }
    }

    @Test
    void filesOlderThanTheAgeCapAreRefetchedAndSwept() throws IOException {
        try (SegmentCache cache = cache(1 << 20, Duration.ofMinutes(10))) {
            read(cache, "ev1/720p/a.ts");
            read(cache, "ev1/720p/b.ts");
            clock.now = clock.now.plus(Duration.ofMinutes(11));
            read(cache, "ev1/720p/a.ts");
            assertEquals(2, origin.requests("ev1/720p/a.ts"));
            cache.evictExpired();
            assertEquals(2, cache.ageEvictions());
            assertTrue(Files.notExists(cacheRoot.resolve("ev1/720p/b.ts")));
        }
    }

    @Test
    void aRestartKeepsTheCacheAndDropsPartialFiles() throws IOException {
        try (SegmentCache cache = cache(1 << 20, Duration.ofHours(1))) {
            read(cache, "ev1/720p/a.ts");
        }
        Files.write(cacheRoot.resolve("ev1/720p/.b.ts.123.part"), new byte[10]);
        try (SegmentCache cache = cache(1 << 20, Duration.ofHours(1))) {
            assertEquals(1, cache.files());
            read(cache, "ev1/720p/a.ts");
            assertEquals(1, origin.requests("ev1/720p/a.ts"));
            assertTrue(Files.notExists(cacheRoot.resolve("ev1/720p/.b.ts.123.part")));
        }
    }

    @Test
    void upstreamNotFoundIsRetriedThen404AndErrorsAre502() throws IOException {
        try (SegmentCache cache = cache(1 << 20, Duration.ofHours(1))) {
            ApiException missing = assertThrows(ApiException.class, () -> cache.open("ev1/720p/zzz.ts", VIEWER));
            assertEquals(404, missing.status());
            assertEquals(1 + SegmentCache.NOT_FOUND_RETRIES, origin.requests("ev1/720p/zzz.ts"));
            origin.answer("ev1/720p/c.ts", 500);
            assertEquals(502, assertThrows(ApiException.class, () -> cache.open("ev1/720p/c.ts", VIEWER)).status());
        }
    }

    @Test
    void refusedDownloadIs502AndNotCachedSoTheNextRequestFetchesAgain() throws IOException {
        try (SegmentCache cache = cache(1 << 20, Duration.ofHours(1))) {
            origin.answer("ev1/720p/b.ts", 403);
            ApiException refused = assertThrows(ApiException.class, () -> cache.open("ev1/720p/b.ts", VIEWER));
            assertEquals(502, refused.status());
            assertEquals("upstream_refused", refused.code());
            assertEquals(0, cache.files());
            assertEquals(1, cache.upstreamErrors());

            origin.answerNormally("ev1/720p/b.ts");
            assertArrayEquals(bytes('b', 2000), read(cache, "ev1/720p/b.ts"));
            assertEquals(2, origin.requests("ev1/720p/b.ts"));
        }
    }
}
