package org.streamgate.delivery.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.streamgate.common.internalapi.RevocationChange;
import org.streamgate.common.internalapi.RevocationChange.Kind;
import org.streamgate.common.token.PlaybackClaims;
import org.streamgate.delivery.DeliveryConfig;
import org.streamgate.delivery.DeliveryServer;
import org.streamgate.delivery.TestStreams;

/** The client side of DESIGN §3.5 against an in-test platform feed: push, poll fallback, fail modes, health. */
class RevocationSyncIT {

    private static final TestStreams STREAMS = TestStreams.create();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String SEGMENT = "/streams/ev1/720p/0.ts";

    private FakeRevocationFeed feed;
    private DeliveryServer delivery;

    @AfterEach
    void stop() {
        if (delivery != null) {
            delivery.close();
        }
        if (feed != null) {
            feed.close();
        }
    }

    @AfterAll
    static void cleanUp() {
        STREAMS.delete();
    }

    private DeliveryServer start(String platformUrl, Map<String, String> extra) {
        Map<String, String> env = STREAMS.env();
        env.put("PLATFORM_APP_URL", platformUrl);
        env.put("INTERNAL_API_KEY", FakeRevocationFeed.KEY);
        env.putAll(extra);
        delivery = DeliveryServer.start(DeliveryConfig.from(env));
        return delivery;
    }

    private static String token(String code, String session, String event) {
        return TestStreams.sign(TestStreams.SECRET, PlaybackClaims.forSession(code, event, session, Instant.now(), Duration.ofMinutes(10)));
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + delivery.port() + path))
                .timeout(Duration.ofSeconds(5));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls until the response satisfies the condition; fails with the last response at the deadline. */
    private HttpResponse<String> await(String path, String token, Predicate<HttpResponse<String>> condition, Duration deadline)
            throws IOException, InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        HttpResponse<String> last;
        do {
            last = get(path, token);
            if (condition.test(last)) {
                return last;
            }
            Thread.onSpinWait();
            Thread.sleep(10);
        } while (System.nanoTime() < end);
        throw new AssertionError("condition not met within " + deadline + "; last " + last.statusCode() + " " + last.body());
    }

    private static Predicate<HttpResponse<String>> status(int status) {
        return r -> r.statusCode() == status;
    }

    private static RevocationChange change(Kind kind, String id, boolean revoked) {
        return new RevocationChange(kind, id, revoked, Instant.now());
    }

    @Test
    void revokeAndUnrevokeArriveOverTheStreamWellUnderASecond() throws Exception {
        feed = new FakeRevocationFeed();
        start(feed.url(), Map.of("REVOCATION_POLL_INTERVAL_MS", "600000", "REVOCATION_MAX_STALENESS_MS", "1200000"));
        await("/health", null, r -> r.statusCode() == 200 && r.body().contains("\"stream\":\"open\""), Duration.ofSeconds(10));
        String token = token("code-a", "session-a", "ev1");
        assertEquals(200, get(SEGMENT, token).statusCode());

        long t0 = System.nanoTime();
        feed.publish(change(Kind.CODE, "code-a", true), false, true);
        HttpResponse<String> refused = await(SEGMENT, token, status(403), Duration.ofSeconds(2));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(refused.body().contains("\"error\":\"revoked\""), refused.body());
        System.out.println("revocation over SSE took effect after " + millis + " ms");

        feed.publish(change(Kind.CODE, "code-a", false), false, true);
        await(SEGMENT, token, status(200), Duration.ofSeconds(2));
        assertEquals(1, feed.polls(), "only the initial poll ran; the stream did the work");
    }

    @Test
    void pollingTakesOverWhenTheStreamIsCut() throws Exception {
        feed = new FakeRevocationFeed();
        start(feed.url(), Map.of("REVOCATION_POLL_INTERVAL_MS", "200", "REVOCATION_MAX_STALENESS_MS", "5000"));
        await("/health", null, r -> r.body().contains("\"stream\":\"open\""), Duration.ofSeconds(10));
        feed.setStreamDown(true);
        await("/health", null, r -> r.body().contains("\"stream\":\"closed\""), Duration.ofSeconds(5));

        String session = token("code-b", "session-b", "ev1");
        String otherSession = token("code-b", "session-b2", "ev1");
        assertEquals(200, get(SEGMENT, session).statusCode());
        feed.publish(change(Kind.SESSION, "session-b", true), true, true);
        await(SEGMENT, session, status(403), Duration.ofSeconds(3));
        assertEquals(200, get(SEGMENT, otherSession).statusCode(), "only the kicked session is refused");

        feed.publish(change(Kind.EVENT, "ev1", true), true, false);
        await(SEGMENT, otherSession, status(403), Duration.ofSeconds(3));
        assertEquals(200, await("/health", null, status(200), Duration.ofSeconds(3)).statusCode(), "polls keep the node healthy");

        feed.setStreamDown(false);
        await("/health", null, r -> r.body().contains("\"stream\":\"open\""), Duration.ofSeconds(20));
        assertTrue(feed.streamsOpened() >= 2, "the stream reconnected");
    }

    @Test
    void failClosedRefusesUntilTheFirstSync() throws Exception {
        start("http://127.0.0.1:" + freePort(), Map.of("REVOCATION_POLL_INTERVAL_MS", "200", "REVOCATION_MAX_STALENESS_MS", "1000"));
        HttpResponse<String> res = get(SEGMENT, token("code-c", "session-c", "ev1"));
        assertEquals(503, res.statusCode());
        assertTrue(res.body().contains("\"error\":\"revocation_unavailable\""), res.body());
        HttpResponse<String> health = get("/health", null);
        assertEquals(503, health.statusCode());
        assertTrue(health.body().contains("revocation") && health.body().contains("never synced"), health.body());
    }

    @Test
    void failOpenServesButReportsUnhealthy() throws Exception {
        start("http://127.0.0.1:" + freePort(), Map.of("REVOCATION_FAIL_MODE", "open", "REVOCATION_POLL_INTERVAL_MS", "200",
                "REVOCATION_MAX_STALENESS_MS", "1000"));
        assertEquals(200, get(SEGMENT, token("code-d", "session-d", "ev1")).statusCode());
        assertEquals(503, get("/health", null).statusCode());
    }

    @Test
    void keepsServingTheLastStateWhenThePlatformGoesAway() throws Exception {
        feed = new FakeRevocationFeed();
        feed.publish(change(Kind.CODE, "code-revoked", true), true, false);
        start(feed.url(), Map.of("REVOCATION_POLL_INTERVAL_MS", "200", "REVOCATION_MAX_STALENESS_MS", "800"));
        String revoked = token("code-revoked", "session-e", "ev1");
        String fine = token("code-e", "session-e2", "ev1");
        await(SEGMENT, revoked, status(403), Duration.ofSeconds(5));
        feed.close();
        feed = null;
        await("/health", null, status(503), Duration.ofSeconds(5));
        assertEquals(403, get(SEGMENT, revoked).statusCode());
        assertEquals(200, get(SEGMENT, fine).statusCode());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
