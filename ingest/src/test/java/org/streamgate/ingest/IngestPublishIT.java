package org.streamgate.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Red5 + real ffmpeg, hook receiver answering 204 (or 403 where a test says so).
 * Red5 is one per JVM: failsafe forks a JVM per IT class, and this class starts the ingest once.
 */
class IngestPublishIT {

    private static final int HOOK_TIMEOUT_MS = 3000;
    private static HookReceiver hook;
    private static IngestServer ingest;
    private static int rtmpPort;
    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path tmp;

    @BeforeAll
    static void startIngest() throws Exception {
        hook = new HookReceiver();
        rtmpPort = Ffmpeg.freePort();
        ingest = IngestServer.start(IngestConfig.from(Map.of(
                "RTMP_PORT", String.valueOf(rtmpPort),
                "INGEST_HTTP_PORT", String.valueOf(Ffmpeg.freePort()),
                "ON_PUBLISH_URL", hook.onPublishUrl(),
                "ON_PUBLISH_DONE_URL", hook.onPublishDoneUrl(),
                "HOOK_TIMEOUT_MS", String.valueOf(HOOK_TIMEOUT_MS),
                "ON_UPDATE_URL", hook.onUpdateUrl(),
                "NOTIFY_UPDATE_TIMEOUT_SECONDS", "1")));
    }

    @AfterAll
    static void stopIngest() {
        if (ingest != null) {
            ingest.stop();
        }
        if (hook != null) {
            hook.close();
        }
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor();
        }
        hook.reset();
        assertTrue(Ffmpeg.await(Duration.ofSeconds(10), () -> ingest.activePublishers() == 0),
                "publishers left over");
        hook.clear();
    }

    private String url(String streamName) {
        return "rtmp://127.0.0.1:" + rtmpPort + "/live/" + streamName;
    }

    private Process track(Process p) {
        processes.add(p);
        return p;
    }

    @Test
    void publishSendsNginxFormInOrderAndPublishDoneWhenFfmpegStops() throws Exception {
        long start = System.nanoTime();
        Process publisher = track(Ffmpeg.publish(url("key?token=abc"), tmp.resolve("pub.log")));
        HookReceiver.Call call = hook.nextPublish(Duration.ofSeconds(15));
        long hookMs = (System.nanoTime() - start) / 1_000_000;
        assertNotNull(call, () -> "no on_publish; ffmpeg: " + Ffmpeg.tail(tmp.resolve("pub.log")));
        assertTrue(Ffmpeg.await(Duration.ofSeconds(5), () -> ingest.activePublishers() == 1), "not accepted");
        long acceptedMs = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("MEASURE ffmpeg start -> on_publish received: %d ms, -> accepted: %d ms%n",
                hookMs, acceptedMs);

        assertEquals("key=test-internal-key", call.query(), "hook URL query is kept");
        assertTrue(call.contentType().startsWith("application/x-www-form-urlencoded"), call.contentType());
        List<String[]> pairs = pairs(call.body());
        assertEquals(List.of("app", "flashver", "swfurl", "tcurl", "pageurl", "addr", "clientid", "call", "name",
                "type", "token"), pairs.stream().map(p -> p[0]).toList(), call.body());
        assertEquals("live", value(pairs, "app"));
        assertEquals("rtmp://127.0.0.1:" + rtmpPort + "/live", value(pairs, "tcurl"));
        assertEquals("127.0.0.1", value(pairs, "addr"));
        assertFalse(value(pairs, "clientid").isEmpty());
        assertEquals("publish", value(pairs, "call"));
        assertEquals("key", value(pairs, "name"));
        assertEquals("live", value(pairs, "type"));
        assertTrue(call.body().endsWith("&token=abc"), call.body());

        Ffmpeg.stop(publisher);
        HookReceiver.Call done = hook.nextPublishDone(Duration.ofSeconds(10), "key");
        assertNotNull(done, "no on_publish_done after ffmpeg stopped");
        List<String[]> donePairs = pairs(done.body());
        assertEquals(List.of("app", "flashver", "swfurl", "tcurl", "pageurl", "addr", "clientid", "call", "name",
                "token"), donePairs.stream().map(p -> p[0]).toList(), done.body());
        assertEquals("publish_done", value(donePairs, "call"));
        assertEquals("key", value(donePairs, "name"));
        assertEquals(value(pairs, "clientid"), value(donePairs, "clientid"));
        assertTrue(Ffmpeg.await(Duration.ofSeconds(5), () -> ingest.activePublishers() == 0));
    }

    @Test
    void hookAnswering403RejectsAndFfmpegExitsNonZero() throws Exception {
        hook.publishStatus(403);
        long start = System.nanoTime();
        Process publisher = track(Ffmpeg.publish(url("denied-key"), tmp.resolve("pub.log")));
        assertTrue(publisher.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(8),
                java.util.concurrent.TimeUnit.MILLISECONDS), "ffmpeg still running after a 403");
        long exitMs = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("MEASURE 403 -> ffmpeg exited after %d ms with %d%n", exitMs, publisher.exitValue());
        assertNotEquals(0, publisher.exitValue(), Ffmpeg.tail(tmp.resolve("pub.log")));
        assertTrue(exitMs < 5_000, "took " + exitMs + " ms");
        assertNotNull(hook.nextPublish(Duration.ofSeconds(1)));
        assertEquals(0, ingest.activePublishers());
        assertTrue(ingest.metrics().rejectedCount("denied") >= 1);
        assertNull(hook.nextPublishDone(Duration.ofMillis(500), "denied-key"), "no publish_done for a refused publisher");
    }

    @Test
    void allowedPublishCanBePulledWithH264AndAac() throws Exception {
        track(Ffmpeg.publish(url("pull-key"), tmp.resolve("pub.log")));
        assertTrue(Ffmpeg.await(Duration.ofSeconds(15), () -> ingest.activePublishers() == 1),
                () -> "not accepted: " + Ffmpeg.tail(tmp.resolve("pub.log")));
        Path out = tmp.resolve("out.ts");
        long start = System.nanoTime();
        Process puller = track(Ffmpeg.pull(url("pull-key"), out, 5, tmp.resolve("pull.log")));
        assertTrue(Ffmpeg.await(Duration.ofSeconds(15), () -> size(out) > 0), "no data pulled");
        long firstBytesMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(puller.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "pull did not finish");
        System.out.printf("MEASURE pull start -> first bytes written: %d ms; pull total %d ms%n",
                firstBytesMs, (System.nanoTime() - start) / 1_000_000);
        assertEquals(0, puller.exitValue(), Ffmpeg.tail(tmp.resolve("pull.log")));
        List<String> codecs = Ffmpeg.codecs(out);
        assertTrue(codecs.contains("h264") && codecs.contains("aac"), codecs.toString());
    }

    /**
     * Red5 alone sends a new subscriber the last keyframe alone, then the live frames from wherever the publisher
     * is, which reference pictures the subscriber never got (or, with no keyframe yet, nothing until the next one).
     * With a 20 s GOP, subscribers joining a few seconds in, 0.7 s apart, must each get the GOP from its keyframe:
     * the same pictures, decodable at once, without waiting for the next keyframe.
     */
    @Test
    void subscribersJoiningMidGopStartWithTheCachedKeyframeAndDecodeAtOnce() throws Exception {
        track(Ffmpeg.publishWithGop(url("gop-key"), 20, tmp.resolve("pub.log")));
        assertTrue(Ffmpeg.await(Duration.ofSeconds(15), () -> ingest.activePublishers() == 1),
                () -> "not accepted: " + Ffmpeg.tail(tmp.resolve("pub.log")));
        Thread.sleep(2_500); // well into the first GOP; the next keyframe is ~17 s away

        long start = System.nanoTime();
        Path first = tmp.resolve("first.ts");
        Path second = tmp.resolve("second.ts");
        Process a = track(Ffmpeg.pull(url("gop-key"), first, 2, tmp.resolve("pull1.log")));
        Thread.sleep(700);
        Process b = track(Ffmpeg.pull(url("gop-key"), second, 2, tmp.resolve("pull2.log")));
        assertTrue(a.waitFor(12, java.util.concurrent.TimeUnit.SECONDS) && b.waitFor(12,
                java.util.concurrent.TimeUnit.SECONDS), "a pull waited for the next keyframe");
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("MEASURE two mid-GOP pulls of 2 s each done after %d ms%n", ms);

        for (Path out : List.of(first, second)) {
            assertEquals(0, (out == first ? a : b).exitValue(), () -> Ffmpeg.tail(tmp.resolve("pull1.log"))
                    + Ffmpeg.tail(tmp.resolve("pull2.log")));
            List<Ffmpeg.VideoPacket> video = Ffmpeg.videoPackets(out);
            assertTrue(video.size() >= 20, out + ": only " + video.size() + " video packets");
            assertTrue(video.get(0).keyframe(), out + ": starts with a frame that is not a keyframe");
            assertEquals(1, video.stream().filter(Ffmpeg.VideoPacket::keyframe).count(),
                    out + ": Red5's lone keyframe replay, or a second keyframe, is back");
            for (int i = 1; i < video.size(); i++) {
                double step = video.get(i).pts() - video.get(i - 1).pts();
                assertTrue(step > 0 && step < 0.2, out + ": timestamps jump by " + step + " s at packet " + i);
            }
            assertEquals(0, Ffmpeg.decodeStrictly(out, tmp.resolve("decode.log")),
                    () -> out + " does not decode cleanly: " + Ffmpeg.tail(tmp.resolve("decode.log")));
        }
        List<String> firstFrames = Ffmpeg.frameHashes(first, 20);
        assertEquals(20, firstFrames.size());
        assertEquals(firstFrames, Ffmpeg.frameHashes(second, 20),
                "the two subscribers did not both get the GOP from its keyframe");
    }

    @Test
    void killedPublisherCanRepublishSameKeyWithin2s() throws Exception {
        Process first = track(Ffmpeg.publish(url("re-key"), tmp.resolve("pub1.log")));
        assertTrue(Ffmpeg.await(Duration.ofSeconds(15), () -> ingest.activePublishers() == 1), "first not accepted");
        long acceptedBefore = ingest.metrics().acceptedCount("allowed");
        first.destroyForcibly(); // SIGKILL: no FCUnpublish, no deleteStream
        first.waitFor();
        long start = System.nanoTime();
        track(Ffmpeg.publish(url("re-key"), tmp.resolve("pub2.log")));
        boolean accepted = Ffmpeg.await(Duration.ofSeconds(10),
                () -> ingest.metrics().acceptedCount("allowed") > acceptedBefore && ingest.activePublishers() == 1);
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("MEASURE kill -9 -> republish accepted after %d ms%n", ms);
        assertTrue(accepted, () -> "republish not accepted: " + Ffmpeg.tail(tmp.resolve("pub2.log")));
        assertTrue(ms < 2_000, "republish took " + ms + " ms");
    }

    @Test
    void redirectWithLocationRenamesTheStreamAndPublishDoneKeepsTheAskedName() throws Exception {
        hook.publishRedirect(302, "renamed-key");
        track(Ffmpeg.publishLight(url("asked-key?x=1"), tmp.resolve("pub.log")));
        assertTrue(Ffmpeg.await(Duration.ofSeconds(15), () -> ingest.activePublishers() == 1),
                () -> "renamed publish not accepted: " + Ffmpeg.tail(tmp.resolve("pub.log")));
        assertEquals(1, ingest.metrics().acceptedCount("renamed"));
        Path out = tmp.resolve("renamed.ts");
        Process puller = track(Ffmpeg.pull(url("renamed-key"), out, 1, tmp.resolve("pull.log")));
        assertTrue(puller.waitFor(20, java.util.concurrent.TimeUnit.SECONDS), "pull did not finish");
        assertEquals(0, puller.exitValue(), () -> "the renamed stream cannot be pulled: "
                + Ffmpeg.tail(tmp.resolve("pull.log")));
        assertTrue(size(out) > 0);
        processes.get(0).destroy();
        // nginx-rtmp keeps the name it was asked for (ctx->name) in publish_done
        assertNotNull(hook.nextPublishDone(Duration.ofSeconds(10), "asked-key"), "no publish_done for asked-key");
    }

    @Test
    void onUpdateErrorDropsThePublisher() throws Exception {
        track(Ffmpeg.publishLight(url("update-key?u=1"), tmp.resolve("pub.log")));
        assertTrue(Ffmpeg.await(Duration.ofSeconds(15), () -> ingest.activePublishers() == 1), "not accepted");
        HookReceiver.Call update = hook.nextUpdate(Duration.ofSeconds(5));
        assertNotNull(update, "no on_update");
        assertTrue(update.body().contains("&call=update_publish&time=") && update.body().endsWith("&name=update-key&u=1"),
                update.body());
        hook.updateStatus(403); // the platform pulled the stream's access
        long start = System.nanoTime();
        assertNotNull(hook.nextPublishDone(Duration.ofSeconds(5), "update-key"), "publisher not dropped");
        System.out.printf("MEASURE on_update 403 -> publish_done after %d ms (update interval 1 s)%n",
                (System.nanoTime() - start) / 1_000_000);
        assertTrue(Ffmpeg.await(Duration.ofSeconds(5), () -> ingest.activePublishers() == 0));
        assertEquals(1, ingest.metrics().droppedCount());
    }

    @Test
    void hangingHookRejectsAfterHookTimeout() throws Exception {
        hook.hang();
        Process publisher = track(Ffmpeg.publishLight(url("hang-key"), tmp.resolve("pub.log")));
        assertNotNull(hook.nextPublish(Duration.ofSeconds(15)), "no on_publish");
        long start = System.nanoTime(); // the hook now hangs
        assertTrue(publisher.waitFor(15, java.util.concurrent.TimeUnit.SECONDS), "ffmpeg still running");
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("MEASURE hanging hook (HOOK_TIMEOUT_MS=%d): on_publish sent -> ffmpeg exited after %d ms"
                + " with %d%n", HOOK_TIMEOUT_MS, ms, publisher.exitValue());
        assertNotEquals(0, publisher.exitValue());
        assertTrue(ms >= HOOK_TIMEOUT_MS - 500 && ms < HOOK_TIMEOUT_MS + 4_000, "exited after " + ms + " ms");
        assertEquals(1, ingest.metrics().rejectedCount("timeout"));
        assertEquals(0, ingest.activePublishers());
    }

    @Test
    void queryArgsAreForwardedRawAndRed5PublishesTheBareKey() throws Exception {
        Map<String, String> argsByKey = Map.of("qa-flag", "flag", "qa-evil", "x=1&name=evil", "qa-token", "token=abc=");
        argsByKey.forEach((key, args) -> {
            try {
                track(Ffmpeg.publishLight(url(key + "?" + args), tmp.resolve(key + ".log")));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Map<String, String> bodyByName = new java.util.HashMap<>();
        for (int i = 0; i < argsByKey.size(); i++) {
            HookReceiver.Call call = hook.nextPublish(Duration.ofSeconds(20));
            assertNotNull(call, "missing on_publish");
            bodyByName.put(value(pairs(call.body()), "name"), call.body());
        }
        assertEquals(argsByKey.keySet(), bodyByName.keySet(), "name= is the bare key, the first name= counts");
        argsByKey.forEach((key, args) -> assertTrue(bodyByName.get(key).endsWith("&type=live&" + args),
                bodyByName.get(key)));
        // accepted means Red5's broadcast stream carries exactly the bare key (GatedStreamService checks it)
        assertTrue(Ffmpeg.await(Duration.ofSeconds(10), () -> ingest.activePublishers() == 3),
                () -> "accepted: " + ingest.activePublishers());
        Path out = tmp.resolve("evil.ts");
        Process puller = track(Ffmpeg.pull(url("qa-evil"), out, 1, tmp.resolve("pull.log")));
        assertTrue(puller.waitFor(20, java.util.concurrent.TimeUnit.SECONDS), "pull did not finish");
        assertEquals(0, puller.exitValue(), () -> Ffmpeg.tail(tmp.resolve("pull.log")));
    }

    @Test
    void reconnectTakesOverAHalfDeadPublisherWithin2s() throws Exception {
        try (FreezableProxy proxy = new FreezableProxy(rtmpPort)) {
            track(Ffmpeg.publishLight("rtmp://127.0.0.1:" + proxy.port() + "/live/takeover-key",
                    tmp.resolve("pub1.log")));
            assertTrue(Ffmpeg.await(Duration.ofSeconds(15), () -> ingest.activePublishers() == 1),
                    () -> "first not accepted: " + Ffmpeg.tail(tmp.resolve("pub1.log")));
            long acceptedBefore = ingest.metrics().acceptedCount("allowed");
            String before = ingest.metrics().render();
            proxy.freeze(); // the old connection is now half-dead: open, silent, unacknowledged
            long start = System.nanoTime();
            track(Ffmpeg.publishLight(url("takeover-key"), tmp.resolve("pub2.log")));
            boolean accepted = Ffmpeg.await(Duration.ofSeconds(10),
                    () -> ingest.metrics().acceptedCount("allowed") > acceptedBefore);
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("MEASURE half-dead publisher -> reconnect with the same key accepted after %d ms%n", ms);
            assertTrue(accepted, () -> "reconnect not accepted: " + Ffmpeg.tail(tmp.resolve("pub2.log")));
            assertTrue(ms < 2_000, "takeover took " + ms + " ms");
            assertEquals(1, ingest.activePublishers());
            assertTrue(ingest.metrics().render().contains("streamgate_ingest_publisher_takeovers_total "
                    + (takeovers(before) + 1)), ingest.metrics().render());
        }
    }

    private static long takeovers(String metrics) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith("streamgate_ingest_publisher_takeovers_total ")) {
                return Long.parseLong(line.substring(line.indexOf(' ') + 1).trim());
            }
        }
        return 0;
    }

    @Test
    void healthIsUpAndMetricsCarryNoKeys() throws Exception {
        track(Ffmpeg.publish(url("secret-metrics-key?token=zzz"), tmp.resolve("pub.log")));
        assertTrue(Ffmpeg.await(Duration.ofSeconds(15), () -> ingest.activePublishers() == 1));
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + ingest.httpPort() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertTrue(health.body().contains("\"status\":\"UP\"") && health.body().contains("\"rtmp\":\"UP\""),
                    health.body());
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + ingest.httpPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("streamgate_ingest_publishers_active 1"), metrics.body());
            assertFalse(metrics.body().contains("secret-metrics-key") || metrics.body().contains("zzz"));
            String label = "{stream=\"" + org.streamgate.ingest.hook.KeyFingerprint.of("secret-metrics-key") + "\"}";
            assertTrue(metrics.body().contains("streamgate_ingest_stream_bitrate_bits_per_second" + label),
                    metrics.body());
            assertTrue(metrics.body().contains("streamgate_ingest_stream_last_packet_age_seconds" + label),
                    metrics.body());
        }
    }

    private static long size(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static List<String[]> pairs(String body) {
        List<String[]> out = new ArrayList<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            out.add(eq < 0 ? new String[] {pair, ""} : new String[] {pair.substring(0, eq),
                    java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8)});
        }
        return out;
    }

    private static String value(List<String[]> pairs, String key) {
        return pairs.stream().filter(p -> p[0].equals(key)).findFirst().map(p -> p[1]).orElseThrow();
    }
}
