package org.streamgate.platform.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.streamgate.platform.TestPlatform;
import org.streamgate.platform.TestPlatform.Response;

/**
 * The per-address limit on code validation (DESIGN §3.2, {@code VALIDATE_RATE_LIMIT_PER_MINUTE}) against a real
 * PostgreSQL: 429 with {@code Retry-After}, every kind of attempt counted, concurrent attempts counted exactly, and
 * the client address taken from {@code X-Forwarded-For} only when the peer is a trusted proxy.
 */
class ValidateRateLimitIT {

    private static TestPlatform platform;

    @BeforeAll
    static void start() {
        platform = TestPlatform.start(Map.of());
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    /** Each test validates from its own address so the per-address rate limit does not interfere. */
    private static String addr() {
        return platform.freshClientAddress();
    }

    private static String eventId() {
        return platform.createEvent("rate limit test").getString("id");
    }

    @Test
    void rateLimitIs429WithRetryAfter() {
        String a = addr();
        int limit = platform.config.validateRatePerMinute();
        for (int i = 0; i < limit; i++) {
            assertEquals(401, platform.validate("ZZZZ-ZZZZ-ZZZ" + (i % 10), "d", a).status());
        }
        Response limited = platform.validate("ZZZZ-ZZZZ-ZZZZ", "d", a);
        assertEquals(429, limited.status());
        assertEquals("rate_limited", limited.error());
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 61, "Retry-After " + retryAfter);
        // another address is unaffected; the window passes
        assertEquals(401, platform.validate("ZZZZ-ZZZZ-ZZZZ", "d", addr()).status());
        platform.clock.advance(Duration.ofSeconds(61));
        assertEquals(401, platform.validate("ZZZZ-ZZZZ-ZZZZ", "d", a).status());
    }

    /** Malformed bodies and misshapen codes skip the lookup but are counted alone (PlaybackService.doValidate). */
    @Test
    void everyKindOfAttemptCountsAgainstTheRateLimit() {
        String a = addr();
        int limit = platform.config.validateRatePerMinute();
        String code = platform.oneCode(eventId());
        for (int i = 0; i < limit; i++) {
            Response r = switch (i % 3) {
                case 0 -> platform.post("/api/tokens/validate", "{bad", "Content-Type", "application/json", "X-Forwarded-For", a);
                case 1 -> platform.validate("hello", "d", a);
                default -> platform.validate("ZZZZ-ZZZZ-ZZZZ", "d", a);
            };
            assertTrue(r.status() == 400 || r.status() == 401, i + " -> " + r.body());
        }
        // limited: a good code is refused before it is claimed, and so is garbage
        assertEquals(429, platform.validate(code, "d", a).status());
        assertEquals(429, platform.post("/api/tokens/validate", "{bad", "Content-Type", "application/json",
                "X-Forwarded-For", a).status());
        assertEquals(429, platform.validate("hello", "d", a).status());
        assertEquals(200, platform.validate(code, "other-device", addr()).status(), "the refused attempt claimed nothing");
        platform.clock.advance(Duration.ofSeconds(61));
        assertEquals(401, platform.validate("ZZZZ-ZZZZ-ZZZZ", "d", a).status());
    }

    /** The hit and the code lookup are one statement; concurrent hits on one address must still all count. */
    @Test
    void concurrentAttemptsFromOneAddressAreAllCounted() throws Exception {
        String a = addr();
        int limit = platform.config.validateRatePerMinute();
        int attempts = limit + 10;
        String eventId = eventId();
        List<String> codes = new ArrayList<>();
        platform.createCodes(eventId, attempts, null).getJsonArray("tokens")
                .forEach(t -> codes.add(t.asJsonObject().getString("code")));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            String code = codes.get(i);
            String device = "device-" + i;
            results.add(pool.submit(() -> {
                go.await();
                return platform.validate(code, device, a).status();
            }));
        }
        go.countDown();
        int ok = 0;
        int limited = 0;
        for (Future<Integer> f : results) {
            int status = f.get();
            if (status == 200) {
                ok++;
            } else if (status == 429) {
                limited++;
            }
        }
        pool.shutdown();
        assertEquals(limit, ok);
        assertEquals(attempts - limit, limited);
    }

    @Test
    void forwardedForIsIgnoredFromUntrustedPeers() {
        try (TestPlatform untrusting = TestPlatform.start(Map.of("TRUSTED_PROXIES", "", "VALIDATE_RATE_LIMIT_PER_MINUTE", "2"))) {
            assertEquals(401, untrusting.validate("ZZZZ-ZZZZ-ZZZZ", "d", "1.1.1.1").status());
            assertEquals(401, untrusting.validate("ZZZZ-ZZZZ-ZZZZ", "d", "2.2.2.2").status());
            assertEquals(429, untrusting.validate("ZZZZ-ZZZZ-ZZZZ", "d", "3.3.3.3").status());
        }
    }
}
