package org.streamgate.ops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop A (issue 7): the platform's publish hooks behind a real nginx-rtmp instead of our ingest. A known stream
 * key is allowed and the event goes live (the transcoder pulls from nginx-rtmp); an unknown key is rejected; when
 * the publisher leaves for longer than the reconnect window the event ends as a VOD. Retention (issue 6): the VOD's
 * files can be purged from the admin API, but never while the event is being recorded.
 */
class NginxRtmpInteropIT {

    private static final int NGINX_PORT = FreePorts.next();
    /** The platform's listener for nginx-rtmp's HTTP/1.0 callbacks (Helidon refuses HTTP/1.0 with 505). */
    private static final int HOOK_PORT = FreePorts.next();

    private static StreamGateStack stack;
    private static NginxRtmpServer nginx;
    private final Http http = new Http();

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        stack = StreamGateStack.start("nginx-rtmp-interop", Map.of(
                "TRANSCODER_INPUT_URL", "rtmp://127.0.0.1:" + NGINX_PORT + "/live/{streamKey}",
                "RECONNECT_WINDOW_SECONDS", "3",
                "RTMP_HOOK_PORT", String.valueOf(HOOK_PORT)));
        nginx = NginxRtmpServer.start(dir.resolve("nginx"), NGINX_PORT, "http://127.0.0.1:" + HOOK_PORT,
                stack.internalKey);
    }

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void knownKeyGoesLiveThroughNginxRtmpEndsAsVodAndCanBePurged(@TempDir Path tmp) throws Exception {
        Instant now = Instant.now();
        Http.Response created = http.postJson(stack.platformUrl() + "/api/admin/events", stack.adminToken,
                "{\"title\":\"Behind nginx-rtmp\",\"startsAt\":\"" + now + "\",\"endsAt\":\"" + now.plusSeconds(3600)
                        + "\",\"profile\":\"copy\"}");
        assertEquals(201, created.status(), created.body());
        String eventId = created.json().getString("id");
        Path playlist = stack.streamRoot.resolve(eventId).resolve("source").resolve("index.m3u8");

        try (TestPatternPublisher publisher = TestPatternPublisher.start(
                nginx.rtmpUrl(created.json().getString("streamKey")), tmp.resolve("publisher.log"))) {
            awaitStatus(eventId, "live", Duration.ofSeconds(20));
            awaitTrue(() -> Files.exists(playlist) && Files.readString(playlist).contains(".ts"),
                    Duration.ofSeconds(30), "no segment from the stream pulled off nginx-rtmp" + stack.logs());
            assertTrue(publisher.isAlive(), "nginx-rtmp dropped an allowed publisher");
            Http.Response whileLive = http.delete(stack.platformUrl() + "/api/admin/events/" + eventId + "/files",
                    stack.adminToken);
            assertEquals(409, whileLive.status(), whileLive.body());
            assertEquals("job_running", whileLive.json().getString("error"));
        }
        awaitStatus(eventId, "ended", Duration.ofSeconds(40));
        assertTrue(Files.readString(playlist).contains("#EXT-X-ENDLIST"), "the VOD playlist is not final");

        Http.Response purged = http.delete(stack.platformUrl() + "/api/admin/events/" + eventId + "/files",
                stack.adminToken);
        assertEquals(200, purged.status(), purged.body());
        assertTrue(purged.json().getInt("deletedFiles") > 1, purged.body());
        assertFalse(Files.exists(stack.streamRoot.resolve(eventId)), "the event folder is still there");
        Http.Response again = http.delete(stack.platformUrl() + "/api/admin/events/" + eventId + "/files",
                stack.adminToken);
        assertEquals(404, again.status(), again.body());
    }

    @Test
    void unknownKeyIsRejectedByNginxRtmp(@TempDir Path tmp) throws Exception {
        try (TestPatternPublisher publisher = TestPatternPublisher.start(nginx.rtmpUrl("no-such-stream-key"),
                tmp.resolve("publisher.log"))) {
            Optional<Integer> exit = publisher.awaitExit(Duration.ofSeconds(20));
            assertTrue(exit.isPresent(), "ffmpeg is still publishing with an unknown key");
            assertFalse(exit.get() == 0, "ffmpeg exited 0 although nginx-rtmp should have rejected it");
        }
    }

    private void awaitStatus(String eventId, String status, Duration timeout) throws Exception {
        String[] last = {""};
        awaitTrue(() -> {
            Http.Response r = http.get(stack.platformUrl() + "/api/admin/events/" + eventId, stack.adminToken);
            JsonObject event = r.json();
            last[0] = event.getString("status");
            return status.equals(last[0]);
        }, timeout, "event status");
        assertEquals(status, last[0]);
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void awaitTrue(Check check, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
