package org.streamgate.ops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streamgate.common.token.PlaybackClaims;
import org.streamgate.common.token.PlaybackTokenSigner;
import org.streamgate.common.token.SigningKeys;

/**
 * The product's backbone end to end through the real parts: ffmpeg publishes RTMP into the Red5 ingest, the
 * platform authorises it and starts the transcoder, whose FFmpeg writes HLS that hls-delivery serves to a viewer
 * holding a validated access code.
 */
class WalkingSkeletonIT {

    private static StreamGateStack stack;
    private final Http http = new Http();

    @BeforeAll
    static void startStack() throws Exception {
        stack = StreamGateStack.start("walking-skeleton", Map.of());
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void viewerWithAValidCodeWatchesALiveTestPattern(@TempDir Path tmp) throws Exception {
        JsonObject event = createEvent("Walking skeleton");
        String eventId = event.getString("id");
        String code = generateCodes(eventId, 2).get(0);

        long publishStart = System.nanoTime();
        try (TestPatternPublisher publisher = TestPatternPublisher.start(stack.rtmpUrl(event.getString("streamKey")),
                tmp.resolve("publisher.log"))) {
            Http.Response validation = http.postJson(stack.platformUrl() + "/api/tokens/validate", null,
                    "{\"code\":\"" + code.toLowerCase().replace("-", " ") + "\",\"deviceId\":\"device-1\"}");
            assertEquals(200, validation.status(), validation.body());
            JsonObject grant = validation.json();
            String token = grant.getString("playbackToken");
            assertEquals("/streams/" + eventId + "/master.m3u8", grant.getString("streamPath"));
            assertEquals(eventId, grant.getJsonObject("event").getString("id"));

            String masterUrl = stack.deliveryUrl() + grant.getString("streamPath");
            Http.Response master = awaitOk(masterUrl, token, Duration.ofSeconds(30), publisher);
            String mediaUrl = Playlists.uris(masterUrl, master.body()).get(0);
            Http.Response media = awaitSegmentListed(mediaUrl, token, Duration.ofSeconds(20));
            double firstSegmentSeconds = (System.nanoTime() - publishStart) / 1e9;
            System.out.printf("[figure] publish start -> first segment listed: %.2f s%n", firstSegmentSeconds);

            String segmentUrl = Playlists.uris(mediaUrl, media.body()).get(0);
            Path segment = tmp.resolve("segment.ts");
            Files.write(segment, http.getBytes(segmentUrl, token));
            List<String> codecs = Ffprobe.codecs(segment);
            assertTrue(codecs.contains("h264"), "codecs " + codecs);
            assertTrue(codecs.contains("aac"), "codecs " + codecs);
            assertTrue(media.body().contains("#EXT-X-PROGRAM-DATE-TIME"), media.body());

            assertEquals(401, http.get(segmentUrl, null).status(), "no token");
            assertEquals(403, http.get(segmentUrl, forgedToken(eventId)).status(), "token signed with another secret");
            assertEquals(403, http.get(segmentUrl, token.substring(0, token.length() - 2) + "AA").status(),
                    "tampered signature");

            JsonObject status = awaitEventStatus(eventId, "live", Duration.ofSeconds(10));
            assertEquals("live", status.getString("status"));
        }
    }

    @Test
    void publishingWithAnUnknownKeyIsRejected(@TempDir Path tmp) throws Exception {
        try (TestPatternPublisher publisher = TestPatternPublisher.start(stack.rtmpUrl("not-a-real-stream-key"),
                tmp.resolve("publisher.log"))) {
            Optional<Integer> exit = publisher.awaitExit(Duration.ofSeconds(20));
            assertTrue(exit.isPresent(), "ffmpeg is still publishing with an unknown key");
            assertFalse(exit.get() == 0, "ffmpeg exited 0 although the publish was rejected");
        }
    }

    private JsonObject createEvent(String title) throws Exception {
        Instant now = Instant.now();
        Http.Response created = http.postJson(stack.platformUrl() + "/api/admin/events", stack.adminToken,
                "{\"title\":\"" + title + "\",\"startsAt\":\"" + now + "\",\"endsAt\":\"" + now.plusSeconds(7200)
                        + "\",\"profile\":\"copy\"}");
        assertEquals(201, created.status(), created.body());
        return created.json();
    }

    private List<String> generateCodes(String eventId, int count) throws Exception {
        Http.Response response = http.postJson(stack.platformUrl() + "/api/admin/events/" + eventId + "/tokens",
                stack.adminToken, "{\"count\":" + count + ",\"label\":\"system test\"}");
        assertEquals(201, response.status(), response.body());
        return response.json().getJsonArray("tokens").getValuesAs(JsonObject.class).stream()
                .map(t -> t.getString("code"))
                .toList();
    }

    private Http.Response awaitOk(String url, String token, Duration timeout, TestPatternPublisher publisher)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Http.Response last;
        do {
            last = http.get(url, token);
            if (last.status() == 200) {
                return last;
            }
            assertTrue(publisher.isAlive(), "the publisher died before the stream appeared" + stack.logs());
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("GET " + url + " still " + last.status() + " after " + timeout + stack.logs());
    }

    private Http.Response awaitSegmentListed(String mediaUrl, String token, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Http.Response last;
        do {
            last = http.get(mediaUrl, token);
            if (last.status() == 200 && !Playlists.uris(mediaUrl, last.body()).isEmpty()) {
                return last;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no segment listed in " + mediaUrl + ": " + last.status() + " " + last.body());
    }

    private JsonObject awaitEventStatus(String eventId, String status, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonObject last;
        do {
            Http.Response response = http.get(stack.platformUrl() + "/api/admin/events/" + eventId, stack.adminToken);
            assertEquals(200, response.status(), response.body());
            last = response.json();
            if (status.equals(last.getString("status"))) {
                return last;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return last;
    }

    private static String forgedToken(String eventId) {
        SigningKeys other = SigningKeys.of("an-attacker-secret-that-is-long-enough-1234", null);
        return new PlaybackTokenSigner(other).sign(
                PlaybackClaims.forSession("code", eventId, "session", Instant.now(), Duration.ofMinutes(5)));
    }
}
