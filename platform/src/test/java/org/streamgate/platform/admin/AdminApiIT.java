package org.streamgate.platform.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.streamgate.platform.TestPlatform;
import org.streamgate.platform.TestPlatform.Response;

/** The admin JSON API (DESIGN §3.7): auth, sessions, CSRF, lockout, events, codes, CSV, audit. */
class AdminApiIT {

    private static TestPlatform platform;

    @BeforeAll
    static void start() {
        platform = TestPlatform.start(Map.of("ADMIN_LOGIN_MAX_FAILURES", "3", "ADMIN_LOGIN_LOCKOUT_SECONDS", "60"));
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void adminRoutesNeedCredentials() {
        List<String[]> routes = List.of(
                new String[] {"GET", "/api/admin/events"},
                new String[] {"POST", "/api/admin/events"},
                new String[] {"GET", "/api/admin/events/00000000-0000-0000-0000-000000000000"},
                new String[] {"POST", "/api/admin/events/00000000-0000-0000-0000-000000000000/tokens"},
                new String[] {"GET", "/api/admin/events/00000000-0000-0000-0000-000000000000/tokens.csv"},
                new String[] {"POST", "/api/admin/tokens/revoke"},
                new String[] {"DELETE", "/api/admin/sessions/00000000-0000-0000-0000-000000000000"},
                new String[] {"GET", "/api/admin/audit"});
        for (String[] r : routes) {
            Response none = platform.request(r[0], r[1], "{}");
            assertEquals(401, none.status(), r[0] + " " + r[1]);
            assertEquals("unauthorized", none.error());
            Response wrong = platform.request(r[0], r[1], "{}", "Authorization", "Bearer wrong-token");
            assertEquals(401, wrong.status(), r[0] + " " + r[1]);
            Response basic = platform.request(r[0], r[1], "{}", "Authorization", "Basic YWRtaW46YWRtaW4=");
            assertEquals(401, basic.status(), r[0] + " " + r[1]);
        }
    }

    @Test
    void eventLifecycle() {
        Response bad = platform.admin("POST", "/api/admin/events", "{\"title\":\"x\",\"startsAt\":\"2030-01-02T00:00:00Z\","
                + "\"endsAt\":\"2030-01-01T00:00:00Z\"}");
        assertEquals(400, bad.status());
        assertEquals("invalid_request", bad.error());
        assertEquals(400, platform.admin("POST", "/api/admin/events", "{\"title\":\"x\",\"startsAt\":\"soon\",\"endsAt\":\"later\"}").status());
        assertEquals(400, platform.admin("POST", "/api/admin/events", "{\"title\":\"x\",\"startsAt\":\"2030-01-01T00:00:00Z\","
                + "\"endsAt\":\"2030-01-02T00:00:00Z\",\"accessWindowHours\":721}").status());
        assertEquals(400, platform.admin("POST", "/api/admin/events", "{\"title\":\"x\",\"startsAt\":\"2030-01-01T00:00:00Z\","
                + "\"endsAt\":\"2030-01-02T00:00:00Z\",\"profile\":\"4k\"}").status());
        assertEquals(400, platform.admin("POST", "/api/admin/events", "not json").status());

        Response created = platform.admin("POST", "/api/admin/events", "{\"title\":\"Lecture\",\"description\":\"d\","
                + "\"startsAt\":\"2030-01-01T10:00:00Z\",\"endsAt\":\"2030-01-01T12:00:00+00:00\",\"accessWindowHours\":2,"
                + "\"posterUrl\":\"https://example.com/p.jpg\",\"profile\":\"abr\"}");
        assertEquals(201, created.status(), created.body());
        JsonObject e = created.json();
        String id = e.getString("id");
        assertEquals("scheduled", e.getString("status"));
        assertEquals("abr", e.getString("profile"));
        assertEquals("2030-01-01T14:00:00Z", e.getString("codesExpireAt"));
        assertNotNull(e.getString("streamKey"));
        assertNotNull(e.getString("rtmpUrl"));

        String code = platform.createCodes(id, 1, null).getJsonArray("tokens").getJsonObject(0).getString("expiresAt");
        assertEquals("2030-01-01T14:00:00Z", code);
        Response updated = platform.admin("PUT", "/api/admin/events/" + id, "{\"endsAt\":\"2030-01-01T13:00:00Z\",\"title\":\"Lecture 1\"}");
        assertEquals(200, updated.status(), updated.body());
        assertEquals("Lecture 1", updated.json().getString("title"));
        JsonObject listed = platform.admin("GET", "/api/admin/events/" + id + "/tokens", null).json();
        assertEquals("2030-01-01T15:00:00Z", listed.getJsonArray("tokens").getJsonObject(0).getString("expiresAt"),
                "code expiry follows the event");

        String oldKey = e.getString("streamKey");
        Response rotated = platform.admin("POST", "/api/admin/events/" + id + "/stream-key", "");
        assertEquals(200, rotated.status());
        assertNotEquals(oldKey, rotated.json().getString("streamKey"));

        Response ended = platform.admin("POST", "/api/admin/events/" + id + "/end", "");
        assertEquals(200, ended.status());
        assertEquals("ended", ended.json().getString("status"));

        assertEquals("archived", platform.admin("POST", "/api/admin/events/" + id + "/archive", "").json().getString("status"));
        assertEquals("ended", platform.admin("POST", "/api/admin/events/" + id + "/unarchive", "").json().getString("status"));

        boolean found = false;
        for (JsonValue v : platform.admin("GET", "/api/admin/events", null).json().getJsonArray("events")) {
            found |= v.asJsonObject().getString("id").equals(id);
        }
        assertTrue(found);
        assertEquals(200, platform.admin("DELETE", "/api/admin/events/" + id, null).status());
        assertEquals(404, platform.admin("GET", "/api/admin/events/" + id, null).status());
        assertEquals(404, platform.admin("GET", "/api/admin/events/not-a-uuid", null).status());
    }

    @Test
    void tokenGenerationLimitsAndTenThousand() {
        String id = platform.createEvent("big").getString("id");
        assertEquals(400, platform.admin("POST", "/api/admin/events/" + id + "/tokens", "{\"count\":0}").status());
        assertEquals(400, platform.admin("POST", "/api/admin/events/" + id + "/tokens", "{\"count\":10001}").status());
        assertEquals(400, platform.admin("POST", "/api/admin/events/" + id + "/tokens", "{\"count\":\"5\"}").status());
        long started = System.nanoTime();
        JsonArray tokens = platform.createCodes(id, 10_000, "\"label\":\"bulk\"").getJsonArray("tokens");
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("generated 10000 codes in " + millis + " ms");
        assertEquals(10_000, tokens.size());
        Set<String> codes = new HashSet<>();
        for (JsonValue v : tokens) {
            codes.add(v.asJsonObject().getString("code"));
            assertEquals("bulk", v.asJsonObject().getString("label"));
        }
        assertEquals(10_000, codes.size());
        JsonObject page = platform.admin("GET", "/api/admin/events/" + id + "/tokens?page=3&pageSize=100", null).json();
        assertEquals(10_000, page.getInt("total"));
        assertEquals(100, page.getJsonArray("tokens").size());
        assertEquals(3, page.getInt("page"));
    }

    @Test
    void tokenListFiltersAndSearch() {
        String id = platform.createEvent("filters").getString("id");
        JsonArray vip = platform.createCodes(id, 3, "\"label\":\"VIP row\"").getJsonArray("tokens");
        platform.createCodes(id, 2, "\"label\":\"press\"");
        String revokeId = vip.getJsonObject(0).getString("id");
        Response bulk = platform.admin("POST", "/api/admin/tokens/revoke", "{\"ids\":[\"" + revokeId + "\",\"" + revokeId + "\"]}");
        assertEquals(200, bulk.status(), bulk.body());
        assertEquals(1, bulk.json().getInt("revoked"));
        assertEquals(400, platform.admin("POST", "/api/admin/tokens/revoke", "{\"ids\":[\"nope\"]}").status());
        assertEquals(400, platform.admin("POST", "/api/admin/tokens/revoke", "{\"ids\":[]}").status());

        assertEquals(1, list(id, "status=revoked").getInt("total"));
        JsonObject counts = platform.admin("GET", "/api/admin/events/" + id, null).json().getJsonObject("codes");
        assertEquals(5, counts.getInt("total"));
        assertEquals(4, counts.getInt("unused"));
        assertEquals(1, counts.getInt("revoked"));
        assertEquals(4, list(id, "status=unused").getInt("total"));
        assertEquals(3, list(id, "search=vip").getInt("total"));
        String code = vip.getJsonObject(1).getString("code");
        JsonObject byCode = list(id, "search=" + code.substring(0, 7).toLowerCase());
        assertEquals(1, byCode.getInt("total"));
        assertEquals(code, byCode.getJsonArray("tokens").getJsonObject(0).getString("code"));
        assertEquals(400, platform.admin("GET", "/api/admin/events/" + id + "/tokens?status=bogus", null).status());

        platform.validate(code, "tv", "192.0.2.200");
        assertEquals(1, list(id, "status=in_use").getInt("total"));
        platform.clock.advance(Duration.ofMinutes(2));
        assertEquals(1, list(id, "status=redeemed").getInt("total"));
    }

    private static JsonObject list(String id, String query) {
        Response r = platform.admin("GET", "/api/admin/events/" + id + "/tokens?" + query, null);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    @Test
    void csvExportNeutralisesFormulas() {
        Response created = platform.admin("POST", "/api/admin/events", "{\"title\":\"=cmd|' /C calc'!A0\","
                + "\"startsAt\":\"2030-01-01T10:00:00Z\",\"endsAt\":\"2030-01-01T12:00:00Z\"}");
        String id = created.json().getString("id");
        platform.createCodes(id, 2, "\"label\":\"@SUM(1+1)*cmd|' /C calc'!A0\"");
        Response csv = platform.admin("GET", "/api/admin/events/" + id + "/tokens.csv", null);
        assertEquals(200, csv.status());
        assertTrue(csv.header("Content-Type").startsWith("text/csv"));
        String[] lines = csv.body().split("\r\n");
        assertEquals("\"Code\",\"Event\",\"Label\",\"Status\",\"Expires At\",\"Redeemed At\"", lines[0]);
        assertEquals(3, lines.length);
        assertTrue(lines[1].contains("\"'=cmd|' /C calc'!A0\""), lines[1]);
        assertTrue(lines[1].contains("\"'@SUM(1+1)*cmd|' /C calc'!A0\""), lines[1]);
        assertTrue(lines[1].matches("\"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\",.*\"unused\",\"2030-01-03T12:00:00Z\",\"\""), lines[1]);
    }

    @Test
    void passwordLoginSessionAndCsrf() {
        String addr = "203.0.113.50";
        Response wrong = platform.post("/api/admin/login", "{\"password\":\"nope\"}", "X-Forwarded-For", addr);
        assertEquals(401, wrong.status());
        Response ok = platform.post("/api/admin/login", "{\"password\":\"" + TestPlatform.ADMIN_PASSWORD + "\"}",
                "X-Forwarded-For", addr);
        assertEquals(200, ok.status(), ok.body());
        String setCookie = ok.header("Set-Cookie");
        assertTrue(setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        String csrf = ok.json().getString("csrfToken");

        assertEquals(200, platform.get("/api/admin/events", "Cookie", cookie).status(), "GET needs no CSRF");
        String body = "{\"title\":\"csrf\",\"startsAt\":\"2030-01-01T10:00:00Z\",\"endsAt\":\"2030-01-01T12:00:00Z\"}";
        Response noCsrf = platform.post("/api/admin/events", body, "Cookie", cookie);
        assertEquals(403, noCsrf.status());
        assertEquals("csrf_failed", noCsrf.error());
        assertEquals(403, platform.post("/api/admin/events", body, "Cookie", cookie, "X-CSRF-Token", "forged").status());
        assertEquals(201, platform.post("/api/admin/events", body, "Cookie", cookie, "X-CSRF-Token", csrf).status());

        Response session = platform.get("/api/admin/session", "Cookie", cookie);
        assertTrue(session.json().getBoolean("authenticated"));
        assertEquals(csrf, session.json().getString("csrfToken"));

        Response form = platform.post("/api/admin/login", "password=" + TestPlatform.ADMIN_PASSWORD.replace(" ", "+"),
                "Content-Type", "application/x-www-form-urlencoded", "X-Forwarded-For", addr);
        assertEquals(200, form.status(), "form login works too");

        assertEquals(403, platform.post("/api/admin/logout", "", "Cookie", cookie).status(), "logout needs CSRF");
        assertEquals(200, platform.post("/api/admin/logout", "", "Cookie", cookie, "X-CSRF-Token", csrf).status());
        assertEquals(401, platform.get("/api/admin/events", "Cookie", cookie).status(), "the session is revoked server-side");
        assertFalse(platform.get("/api/admin/session", "Cookie", cookie).json().getBoolean("authenticated"));
    }

    @Test
    void lockoutAfterRepeatedFailures() {
        String addr = "203.0.113.60";
        for (int i = 0; i < 3; i++) {
            assertEquals(401, platform.post("/api/admin/login", "{\"password\":\"guess" + i + "\"}", "X-Forwarded-For", addr).status());
        }
        Response locked = platform.post("/api/admin/login", "{\"password\":\"" + TestPlatform.ADMIN_PASSWORD + "\"}",
                "X-Forwarded-For", addr);
        assertEquals(429, locked.status(), "even the right password is refused while locked");
        assertEquals("locked_out", locked.error());
        assertNotNull(locked.header("Retry-After"));
        assertEquals(200, platform.post("/api/admin/login", "{\"password\":\"" + TestPlatform.ADMIN_PASSWORD + "\"}",
                "X-Forwarded-For", "203.0.113.61").status(), "other addresses are not locked");
        platform.clock.advance(Duration.ofSeconds(61));
        assertEquals(200, platform.post("/api/admin/login", "{\"password\":\"" + TestPlatform.ADMIN_PASSWORD + "\"}",
                "X-Forwarded-For", addr).status());
        String metrics = platform.get("/metrics").body();
        assertTrue(metrics.contains("streamgate_admin_logins_total{result=\"locked_out\"}"), metrics);
    }

    @Test
    void auditLogRecordsWhoWhatWhenWhere() {
        String id = platform.createEvent("audited").getString("id");
        JsonArray entries = platform.admin("GET", "/api/admin/audit?pageSize=20", null).json().getJsonArray("entries");
        JsonObject create = null;
        for (JsonValue v : entries) {
            JsonObject o = v.asJsonObject();
            if ("event.create".equals(o.getString("action")) && id.equals(o.getString("target"))) {
                create = o;
            }
        }
        assertNotNull(create, entries.toString());
        assertEquals("api-token", create.getString("actor"));
        assertEquals("127.0.0.1", create.getString("clientAddress"));
        assertNotNull(create.getString("at"));
    }

    @Test
    void unknownApiRoutesAnswerJson404() {
        Response r = platform.get("/api/nope");
        assertEquals(404, r.status());
        assertEquals("not_found", r.error());
        assertEquals(404, platform.admin("GET", "/api/admin/nothing-here", null).status());
    }

    @Test
    void healthAndMetrics() {
        Response health = platform.get("/health");
        assertEquals(200, health.status());
        assertEquals("UP", health.json().getString("status"));
        Response metrics = platform.get("/metrics");
        assertEquals(200, metrics.status());
        assertTrue(metrics.body().contains("# TYPE streamgate_code_validations_total counter"));
        assertTrue(metrics.body().contains("streamgate_active_viewer_sessions"));
        assertFalse(metrics.body().contains(TestPlatform.INTERNAL_KEY));
    }
}
