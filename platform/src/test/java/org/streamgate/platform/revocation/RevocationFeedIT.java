package org.streamgate.platform.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.streamgate.platform.TestPlatform;
import org.streamgate.platform.TestPlatform.Response;

/** The revocation feed (DESIGN §3.5): gap-free cursor under concurrent writers, un-revoke, SSE push. */
class RevocationFeedIT {

    private static TestPlatform platform;

    @BeforeAll
    static void start() {
        platform = TestPlatform.start(Map.of());
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    private static JsonObject feed(String since) {
        Response r = platform.get("/internal/revocations" + (since == null ? "" : "?since=" + since),
                "X-Internal-Api-Key", TestPlatform.INTERNAL_KEY);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    @Test
    void needsTheInternalKey() {
        assertEquals(403, platform.get("/internal/revocations?since=0").status());
        assertEquals(403, platform.get("/internal/revocations?since=0", "X-Internal-Api-Key", "wrong").status());
        assertEquals(403, platform.get("/internal/revocations/stream").status());
        assertEquals(400, platform.get("/internal/revocations?since=abc", "X-Internal-Api-Key", TestPlatform.INTERNAL_KEY).status());
    }

    @Test
    void revokeUnrevokeArchiveAndKickAreChanges() {
        String cursor = feed(null).getString("cursor");
        String eventId = platform.createEvent("feed").getString("id");
        String codeId = platform.createCodes(eventId, 1, null).getJsonArray("tokens").getJsonObject(0).getString("id");
        platform.admin("POST", "/api/admin/tokens/" + codeId + "/revoke", "");
        platform.admin("POST", "/api/admin/tokens/" + codeId + "/revoke", ""); // no change the second time
        platform.admin("POST", "/api/admin/tokens/" + codeId + "/unrevoke", "");
        platform.admin("POST", "/api/admin/events/" + eventId + "/archive", "");
        platform.admin("POST", "/api/admin/events/" + eventId + "/unarchive", "");
        JsonObject page = feed(cursor);
        JsonArray changes = page.getJsonArray("changes");
        List<String> seen = new ArrayList<>();
        for (JsonValue v : changes) {
            JsonObject c = v.asJsonObject();
            seen.add(c.getString("kind") + ":" + c.getString("id") + ":" + c.getBoolean("revoked"));
            assertNotNull(c.getString("at"));
        }
        assertEquals(List.of("code:" + codeId + ":true", "code:" + codeId + ":false",
                "event:" + eventId + ":true", "event:" + eventId + ":false"), seen);
        assertEquals(0, feed(page.getString("cursor")).getJsonArray("changes").size());
    }

    @Test
    void cursorMissesNothingUnderConcurrentRevocations() throws Exception {
        String eventId = platform.createEvent("concurrent").getString("id");
        List<String> ids = new ArrayList<>();
        JsonArray tokens = platform.createCodes(eventId, 200, null).getJsonArray("tokens");
        for (JsonValue v : tokens) {
            ids.add(v.asJsonObject().getString("id"));
        }
        String start = feed(null).getString("cursor");
        AtomicBoolean writing = new AtomicBoolean(true);
        Set<String> seen = new HashSet<>();
        ExecutorService pool = Executors.newFixedThreadPool(9);
        Future<?> reader = pool.submit(() -> {
            String cursor = start;
            while (true) {
                boolean last = !writing.get();
                JsonObject page = feed(cursor);
                for (JsonValue v : page.getJsonArray("changes")) {
                    seen.add(v.asJsonObject().getString("id"));
                }
                cursor = page.getString("cursor");
                if (last && page.getJsonArray("changes").isEmpty()) {
                    return null;
                }
            }
        });
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            int offset = w;
            writers.add(pool.submit(() -> {
                for (int i = offset; i < ids.size(); i += 8) {
                    Response r = platform.admin("POST", "/api/admin/tokens/" + ids.get(i) + "/revoke", "");
                    assertEquals(200, r.status());
                }
                return null;
            }));
        }
        for (Future<?> f : writers) {
            f.get(120, TimeUnit.SECONDS);
        }
        writing.set(false);
        reader.get(60, TimeUnit.SECONDS);
        pool.shutdown();
        assertEquals(new HashSet<>(ids), seen, "reader following the cursor saw every committed revocation");
    }

    @Test
    void sseDeliversAChangeQuickly() throws Exception {
        String eventId = platform.createEvent("sse").getString("id");
        String codeId = platform.createCodes(eventId, 1, null).getJsonArray("tokens").getJsonObject(0).getString("id");
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(platform.url("/internal/revocations/stream")))
                .header("X-Internal-Api-Key", TestPlatform.INTERNAL_KEY).build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread readerThread = Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (Exception e) {
                // closed
            }
        });
        assertEquals("event:ready", waitFor(lines, "event:").replace(" ", ""));
        long started = System.nanoTime();
        assertEquals(200, platform.admin("POST", "/api/admin/tokens/" + codeId + "/revoke", "").status());
        String data = null;
        while (data == null) {
            String line = lines.poll(5, TimeUnit.SECONDS);
            assertNotNull(line, "no SSE event within 5 s");
            if (line.startsWith("data:") && line.contains(codeId)) {
                data = line.substring(5).trim();
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        JsonObject change = Json.createReader(new StringReader(data)).readObject();
        assertEquals("code", change.getString("kind"));
        assertTrue(change.getBoolean("revoked"));
        assertFalse(change.getString("cursor").isEmpty());
        assertTrue(millis < 2000, "revoke -> SSE took " + millis + " ms");
        System.out.println("revoke -> SSE event: " + millis + " ms (including the admin request)");
        readerThread.interrupt();
        response.body().close();
    }

    private static String waitFor(LinkedBlockingQueue<String> lines, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("no line starting with " + prefix);
    }
}
