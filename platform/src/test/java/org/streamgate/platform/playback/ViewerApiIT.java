package org.streamgate.platform.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.streamgate.common.token.PlaybackClaims;
import org.streamgate.common.token.PlaybackTokenVerifier;
import org.streamgate.common.token.SigningKeys;
import org.streamgate.platform.TestPlatform;
import org.streamgate.platform.TestPlatform.Response;
import org.streamgate.platform.http.ApiException;
import org.streamgate.platform.session.SessionRepository;

/**
 * The viewer API of DESIGN §3.2 against a real PostgreSQL: every error row, the atomic claim, takeover. Its rate limit
 * is {@link ValidateRateLimitIT}'s.
 */
class ViewerApiIT {

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
        return platform.createEvent("viewer test").getString("id");
    }

    @Test
    void validationIssuesAVerifiableToken() throws Exception {
        JsonObject event = platform.createEvent("Concert");
        String eventId = event.getString("id");
        JsonObject created = platform.createCodes(eventId, 1, "\"label\":\"VIP\"").getJsonArray("tokens").getJsonObject(0);
        String code = created.getString("code");
        assertTrue(code.matches("[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}"), code);

        String typed = "  " + code.toLowerCase().replace("-", " ").replace('1', 'l').replace('0', 'o') + " ";
        Response r = platform.validate(typed, "device-1", addr());
        assertEquals(200, r.status(), r.body());
        JsonObject body = r.json();
        assertEquals(eventId, body.getJsonObject("event").getString("id"));
        assertEquals("Concert", body.getJsonObject("event").getString("title"));
        assertEquals("scheduled", body.getJsonObject("event").getString("status"));
        assertFalse(body.getJsonObject("event").containsKey("streamKey"));
        assertEquals("http://localhost:4000", body.getString("playbackBaseUrl"));
        assertEquals("/streams/" + eventId + "/master.m3u8", body.getString("streamPath"));
        assertEquals(600, body.getInt("tokenExpiresIn"));
        assertEquals(created.getString("expiresAt"), body.getString("expiresAt"));

        PlaybackClaims claims = new PlaybackTokenVerifier(SigningKeys.of(TestPlatform.SIGNING_SECRET, null), Duration.ZERO)
                .verify(body.getString("playbackToken"), platform.clock.instant());
        assertEquals(created.getString("id"), claims.subject());
        assertEquals(eventId, claims.eventId());
        assertEquals("/streams/" + eventId + "/", claims.streamPrefix());
        assertEquals("streamgate-hls", claims.audience());
        assertNotNull(claims.sessionId());
        assertFalse(body.getString("playbackToken").contains(code.replace("-", "")));
    }

    @Test
    void malformedRequestsAre400WithJsonError() {
        String a = addr();
        for (String bad : List.of("{bad", "[]", "\"code\"", "{}", "{\"code\":42}", "{\"code\":\"ABCD-EFGH-JKMN\",\"deviceId\":5}")) {
            Response r = platform.post("/api/tokens/validate", bad, "Content-Type", "application/json", "X-Forwarded-For", a);
            assertEquals(400, r.status(), bad + " -> " + r.body());
            assertEquals("malformed", r.error());
            assertNotNull(r.json().getString("message"));
        }
        Response empty = platform.post("/api/tokens/validate", "", "X-Forwarded-For", addr());
        assertEquals(400, empty.status());
        Response huge = platform.post("/api/tokens/validate", "{\"code\":\"" + "A".repeat(200_000) + "\"}",
                "Content-Type", "application/json", "X-Forwarded-For", addr());
        assertEquals(413, huge.status(), huge.body());
        assertEquals("payload_too_large", huge.error());
    }

    @Test
    void unknownCodeIs401() {
        Response r = platform.validate("ZZZZ-ZZZZ-ZZZZ", "d", addr());
        assertEquals(401, r.status());
        assertEquals("invalid_code", r.error());
        Response wrongShape = platform.validate("hello", "d", addr());
        assertEquals(401, wrongShape.status());
        assertEquals("invalid_code", wrongShape.error());
    }

    @Test
    void revokedCodeIs403() {
        String eventId = eventId();
        JsonObject t = platform.createCodes(eventId, 1, null).getJsonArray("tokens").getJsonObject(0);
        assertEquals(200, platform.admin("POST", "/api/admin/tokens/" + t.getString("id") + "/revoke", "").status());
        Response r = platform.validate(t.getString("code"), "d", addr());
        assertEquals(403, r.status());
        assertEquals("revoked", r.error());
        assertEquals(200, platform.admin("POST", "/api/admin/tokens/" + t.getString("id") + "/unrevoke", "").status());
        assertEquals(200, platform.validate(t.getString("code"), "d", addr()).status());
    }

    @Test
    void archivedEventIs403EventUnavailable() {
        String eventId = eventId();
        String code = platform.oneCode(eventId);
        assertEquals(200, platform.admin("POST", "/api/admin/events/" + eventId + "/archive", "").status());
        Response r = platform.validate(code, "d", addr());
        assertEquals(403, r.status());
        assertEquals("event_unavailable", r.error());
    }

    @Test
    void expiredCodeIs410() {
        String eventId = eventId();
        Instant past = platform.clock.instant().minus(Duration.ofMinutes(1));
        String code = platform.createCodes(eventId, 1, "\"expiresAt\":\"" + past + "\"")
                .getJsonArray("tokens").getJsonObject(0).getString("code");
        Response r = platform.validate(code, "d", addr());
        assertEquals(410, r.status());
        assertEquals("expired", r.error());
    }

    @Test
    void secondDeviceIs409AndSameDeviceResumes() {
        String code = platform.oneCode(eventId());
        Response first = platform.validate(code, "phone", addr());
        assertEquals(200, first.status());
        Response second = platform.validate(code, "laptop", addr());
        assertEquals(409, second.status());
        assertEquals("in_use", second.error());
        Response again = platform.validate(code, "phone", addr());
        assertEquals(200, again.status());
        assertEquals(first.json().getString("sessionId"), again.json().getString("sessionId"));
        Response noDevice = platform.validate(code, null, addr());
        assertEquals(409, noDevice.status());
    }

    @Test
    void concurrentDoubleClaimHasExactlyOneWinner() throws Exception {
        String code = platform.oneCode(eventId());
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            String device = "device-" + i;
            String a = addr();
            results.add(pool.submit(() -> {
                go.await();
                return platform.validate(code, device, a).status();
            }));
        }
        go.countDown();
        int ok = 0;
        int conflict = 0;
        for (Future<Integer> f : results) {
            int status = f.get();
            if (status == 200) {
                ok++;
            } else if (status == 409) {
                conflict++;
            }
        }
        pool.shutdown();
        assertEquals(1, ok);
        assertEquals(threads - 1, conflict);
    }

    @Test
    void staleSessionIsTakenOverAfterTimeout() {
        String code = platform.oneCode(eventId());
        Response a = platform.validate(code, "old-tv", addr());
        assertEquals(200, a.status());
        platform.clock.advance(Duration.ofSeconds(30));
        assertEquals(409, platform.validate(code, "new-phone", addr()).status());
        platform.clock.advance(Duration.ofSeconds(31));
        Response b = platform.validate(code, "new-phone", addr());
        assertEquals(200, b.status(), b.body());
        assertFalse(a.json().getString("sessionId").equals(b.json().getString("sessionId")));
        Response oldHeartbeat = platform.post("/api/playback/heartbeat", "",
                "Authorization", "Bearer " + a.json().getString("playbackToken"));
        assertEquals(404, oldHeartbeat.status());
        String feed = platform.get("/internal/revocations?since=0", "X-Internal-Api-Key", TestPlatform.INTERNAL_KEY).body();
        assertTrue(feed.contains(a.json().getString("sessionId")), "taken-over session is revoked at delivery");
    }

    @Test
    void heartbeatKeepsTheSessionAlive() {
        String code = platform.oneCode(eventId());
        Response a = platform.validate(code, "tv", addr());
        String bearer = "Bearer " + a.json().getString("playbackToken");
        for (int i = 0; i < 3; i++) {
            platform.clock.advance(Duration.ofSeconds(45));
            Response hb = platform.post("/api/playback/heartbeat", "", "Authorization", bearer);
            assertEquals(200, hb.status(), hb.body());
            assertTrue(hb.json().getBoolean("ok"));
        }
        assertEquals(409, platform.validate(code, "other", addr()).status());
    }

    /** Sessions no longer reference their event directly (V6): deleting the event still removes them, via the code. */
    @Test
    void deletingAnEventRemovesItsSessions() {
        String eventId = eventId();
        Response r = platform.validate(platform.oneCode(eventId), "d", addr());
        assertEquals(200, r.status(), r.body());
        var db = platform.server.database().client();
        String count = "SELECT count(*) AS n FROM viewer_sessions WHERE event_id = CAST(? AS uuid)";
        assertEquals(1L, db.execute().get(count, eventId).orElseThrow().column("n").getLong());
        assertEquals(200, platform.admin("DELETE", "/api/admin/events/" + eventId, null).status());
        assertEquals(0L, db.execute().get(count, eventId).orElseThrow().column("n").getLong());
    }

    /** claim_viewer_session takes the session's event from the locked code row, never from its caller (V6). */
    @Test
    void aClaimNamingAnotherEventIsRefused() {
        JsonObject t = platform.createCodes(eventId(), 1, null).getJsonArray("tokens").getJsonObject(0);
        UUID codeId = UUID.fromString(t.getString("id"));
        UUID otherEvent = UUID.fromString(eventId());
        SessionRepository sessions = new SessionRepository(platform.server.database().client(), Duration.ofSeconds(60));
        ApiException e = assertThrows(ApiException.class,
                () -> sessions.claim(codeId, otherEvent, "d", "192.0.2.1", null, platform.clock.instant()));
        assertEquals("invalid_code", e.code());
        assertEquals(200, platform.validate(t.getString("code"), "d", addr()).status(), "the code is still unused");
    }

    @Test
    void corsForTheConfiguredOriginOnly() {
        try (TestPlatform cors = TestPlatform.start(Map.of("CORS_ALLOWED_ORIGIN", "https://portal.example"))) {
            Response preflight = cors.request("OPTIONS", "/api/tokens/validate", null, "Origin", "https://portal.example",
                    "Access-Control-Request-Method", "POST");
            assertEquals(204, preflight.status());
            assertEquals("https://portal.example", preflight.header("Access-Control-Allow-Origin"));
            Response post = cors.post("/api/tokens/validate", "{\"code\":\"ZZZZ-ZZZZ-ZZZZ\"}", "Origin", "https://portal.example");
            assertEquals("https://portal.example", post.header("Access-Control-Allow-Origin"));
            Response other = cors.post("/api/tokens/validate", "{\"code\":\"ZZZZ-ZZZZ-ZZZZ\"}", "Origin", "https://evil.example");
            assertEquals(null, other.header("Access-Control-Allow-Origin"));
            Response admin = cors.request("OPTIONS", "/api/admin/events", null, "Origin", "https://portal.example");
            assertEquals(null, admin.header("Access-Control-Allow-Origin"), "no CORS on the admin API");
        }
    }

    @Test
    void refreshHeartbeatStatusRelease() throws Exception {
        String eventId = eventId();
        String code = platform.oneCode(eventId);
        Response v = platform.validate(code, "tv", addr());
        String token = v.json().getString("playbackToken");
        String sid = v.json().getString("sessionId");
        var verifier = new PlaybackTokenVerifier(SigningKeys.of(TestPlatform.SIGNING_SECRET, null), Duration.ZERO);

        platform.clock.advance(Duration.ofSeconds(5));
        Response refreshed = platform.post("/api/playback/refresh", "", "Authorization", "Bearer " + token);
        assertEquals(200, refreshed.status(), refreshed.body());
        String token2 = refreshed.json().getString("playbackToken");
        assertEquals(sid, verifier.verify(token2, platform.clock.instant()).sessionId());
        assertEquals(600, refreshed.json().getInt("tokenExpiresIn"));

        Response status = platform.get("/api/events/" + eventId + "/status", "Authorization", "Bearer " + token2);
        assertEquals(200, status.status());
        assertEquals(eventId, status.json().getString("eventId"));
        assertEquals("scheduled", status.json().getString("status"));
        assertNotNull(status.json().getString("startsAt"));

        assertEquals(401, platform.get("/api/events/" + eventId + "/status").status());
        assertEquals(401, platform.get("/api/events/" + eventId + "/status", "Authorization", "Bearer nonsense").status());
        String otherEvent = eventId();
        assertEquals(403, platform.get("/api/events/" + otherEvent + "/status", "Authorization", "Bearer " + token2).status());
        assertEquals(401, platform.post("/api/playback/refresh", "").status());
        assertEquals(401, platform.post("/api/playback/heartbeat", "", "Authorization", "Bearer x.y.z").status());

        Response released = platform.post("/api/playback/release?token=" + token2, "");
        assertEquals(200, released.status());
        assertTrue(released.json().getBoolean("released"));
        assertEquals(404, platform.post("/api/playback/heartbeat", "", "Authorization", "Bearer " + token2).status());
        assertEquals(403, platform.post("/api/playback/refresh", "", "Authorization", "Bearer " + token2).status());
        assertEquals(200, platform.validate(code, "phone", addr()).status(), "released code is free at once");
        assertEquals(401, platform.post("/api/playback/release", "").status());
    }

    @Test
    void revokedCodeStopsRefreshAndHeartbeat() {
        String eventId = eventId();
        JsonObject t = platform.createCodes(eventId, 1, null).getJsonArray("tokens").getJsonObject(0);
        String token = platform.validate(t.getString("code"), "tv", addr()).json().getString("playbackToken");
        platform.admin("POST", "/api/admin/tokens/" + t.getString("id") + "/revoke", "");
        Response hb = platform.post("/api/playback/heartbeat", "", "Authorization", "Bearer " + token);
        assertEquals(403, hb.status());
        assertEquals("revoked", hb.error());
        Response refresh = platform.post("/api/playback/refresh", "", "Authorization", "Bearer " + token);
        assertEquals(403, refresh.status());
        assertEquals(403, platform.get("/api/events/" + eventId + "/status", "Authorization", "Bearer " + token).status());
    }

    @Test
    void kickedSessionGets403() {
        String eventId = eventId();
        String code = platform.createCodes(eventId, 1, "\"label\":\"Row 12\"").getJsonArray("tokens").getJsonObject(0)
                .getString("code");
        Response v = platform.validate(code, "tv", addr());
        String sid = v.json().getString("sessionId");
        Response sessions = platform.admin("GET", "/api/admin/events/" + eventId + "/sessions", null);
        assertEquals(200, sessions.status());
        JsonObject session = sessions.json().getJsonArray("sessions").getJsonObject(0);
        assertEquals(sid, session.getString("id"));
        assertEquals("Row 12", session.getString("label"), "admins see which ticket a viewer holds");
        assertEquals(200, platform.admin("DELETE", "/api/admin/sessions/" + sid, null).status());
        Response hb = platform.post("/api/playback/heartbeat", "", "Authorization", "Bearer " + v.json().getString("playbackToken"));
        assertEquals(403, hb.status());
        assertEquals("revoked", hb.error());
    }

    @Test
    void refreshAfterCodeExpiryIs410() {
        String eventId = eventId();
        Instant soon = platform.clock.instant().plus(Duration.ofMinutes(5));
        String code = platform.createCodes(eventId, 1, "\"expiresAt\":\"" + soon + "\"")
                .getJsonArray("tokens").getJsonObject(0).getString("code");
        Response v = platform.validate(code, "tv", addr());
        assertEquals(200, v.status());
        assertTrue(v.json().getInt("tokenExpiresIn") <= 300, "token never outlives the code");
        platform.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        Response refresh = platform.post("/api/playback/refresh", "", "Authorization", "Bearer " + v.json().getString("playbackToken"));
        assertEquals(410, refresh.status(), refresh.body());
        assertEquals("expired", refresh.error());
        platform.clock.advance(Duration.ofMinutes(1));
        assertEquals(401, platform.post("/api/playback/refresh", "", "Authorization",
                "Bearer " + v.json().getString("playbackToken")).status(), "the token itself expired with the code");
    }
}
