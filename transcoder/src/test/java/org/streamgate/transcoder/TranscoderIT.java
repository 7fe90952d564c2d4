package org.streamgate.transcoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streamgate.transcoder.hls.HlsChecker;
import org.streamgate.transcoder.hls.MediaPlaylist;
import org.streamgate.transcoder.hls.Segment;

/** The transcoder end to end with the system ffmpeg and a live MPEG-TS source standing in for the ingest. */
class TranscoderIT {

    static final String KEY = "it-internal-key-0123456789abcdef";
    static final int WINDOW_SECONDS = 10;
    static final int STALL_SEGMENTS = 3;

    @TempDir
    static Path root;
    static ReportReceiver platform;
    static TranscoderServer server;
    static HttpClient http = HttpClient.newHttpClient();
    static Api api;

    @BeforeAll
    static void start() throws IOException {
        platform = new ReportReceiver();
        platform.failFirst.set(1); // the first report is refused once: it must be retried
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("STREAM_ROOT", root.toString());
        env.put("INTERNAL_API_KEY", KEY);
        env.put("PLATFORM_APP_URL", platform.url());
        env.put("RECONNECT_WINDOW_SECONDS", Integer.toString(WINDOW_SECONDS));
        env.put("FFMPEG_PATH", "/usr/bin/ffmpeg");
        env.put("MAX_JOBS", "3");
        env.put("STALL_SEGMENTS", Integer.toString(STALL_SEGMENTS));
        env.put("FFMPEG_NICE", "5");
        server = TranscoderServer.start(TranscoderConfig.from(env));
        api = new Api(server.port(), KEY);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
        if (platform != null) {
            platform.close();
        }
        assertTrue(ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine().orElse("").contains(root.toString())),
                "no ffmpeg writing to the test stream root may survive the server");
    }

    @Test
    void liveCopyJobListsSegmentsSurvivesAKillAndFinalisesToVod() throws Exception {
        String id = UUID.randomUUID().toString();
        Path dir = root.resolve(id);
        try (LiveSource source = new LiveSource(true)) {
            source.start();
            long t0 = System.nanoTime();
            HttpResponse<String> created = call("POST", "/jobs", job(id, source.url(), "copy"));
            assertEquals(202, created.statusCode(), created.body());
            assertEquals(id, json(created).getString("eventId"));

            Await.until(Duration.ofSeconds(15), "master playlist", () -> Files.exists(dir.resolve("master.m3u8")));
            System.out.printf("[measure] input start -> first segment listed: %.2f s%n", (System.nanoTime() - t0) / 1e9);
            List<String> variants = HlsChecker.checkMaster(dir.resolve("master.m3u8"));
            assertEquals(List.of("source/index.m3u8"), variants);
            String master = Files.readString(dir.resolve("master.m3u8"));
            assertTrue(master.contains("RESOLUTION=320x180") && master.contains("CODECS=\"avc1."), master);
            Path index = dir.resolve("source/index.m3u8");
            MediaPlaylist first = HlsChecker.checkMedia(index, null);
            assertEquals(List.of("h264", "aac"), Media.codecs(index.resolveSibling(first.segments().get(0).uri())));

            Await.until(Duration.ofSeconds(10), "live report", () -> platform.states(id).contains("live"));
            assertTrue(platform.all().stream().allMatch(r -> KEY.equals(r.key())), "reports carry the internal key");

            Await.until(Duration.ofSeconds(10), "two segments", () -> HlsChecker.checkMedia(index, null).segments().size() >= 2);
            assertLiveProgramDateTimes(HlsChecker.checkMedia(index, null));
            JsonObject running = json(call("GET", "/jobs/" + id, null));
            assertEquals("live", running.getString("state"));
            long pid = running.getJsonNumber("pid").longValue();
            assertTrue(running.getJsonArray("log").toString().length() > 2);
            MediaPlaylist beforeKill = HlsChecker.checkMedia(index, first);

            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            long k0 = System.nanoTime();
            Await.until(Duration.ofSeconds(15), "a new segment after kill -9", () ->
                    HlsChecker.checkMedia(index, null).segments().size() > beforeKill.segments().size()
                            && !HlsChecker.discontinuities(HlsChecker.checkMedia(index, null)).isEmpty());
            System.out.printf("[measure] ffmpeg kill -9 -> next new segment listed: %.2f s%n", (System.nanoTime() - k0) / 1e9);
            MediaPlaylist afterKill = HlsChecker.checkMedia(index, beforeKill);
            assertEquals(1, HlsChecker.discontinuities(afterKill).size());
            JsonObject restarted = json(call("GET", "/jobs/" + id, null));
            assertEquals(1, restarted.getInt("restarts"));
            assertEquals("live", restarted.getString("state"));

            HttpResponse<String> conflict = call("POST", "/jobs", job(id, source.url(), "copy"));
            assertEquals(409, conflict.statusCode());
            assertEquals("job_exists", json(conflict).getString("error"));

            HttpResponse<String> ended = call("DELETE", "/jobs/" + id, null);
            assertEquals(200, ended.statusCode(), ended.body());
            assertEquals("ended", json(ended).getString("state"));
        }
        MediaPlaylist vod = HlsChecker.checkMedia(dir.resolve("source/index.m3u8"), null);
        assertTrue(vod.endList());
        Media.decodes(dir.resolve("master.m3u8"));
        Await.until(Duration.ofSeconds(10), "ended report", () -> platform.states(id).contains("ended"));
        assertEquals(List.of("live", "ended"), platform.states(id));
        assertFalse(Files.exists(root.resolve(TranscoderServer.WORK_DIR).resolve(id)), "run playlists cleaned up");
    }

    @Test
    void aPublisherBackWithinTheWindowContinuesTheSamePlaylistAndOnePastItEndsTheEvent() throws Exception {
        String id = UUID.randomUUID().toString();
        Path index = root.resolve(id).resolve("source/index.m3u8");
        try (LiveSource source = new LiveSource(true)) {
            source.start();
            assertEquals(202, call("POST", "/jobs", job(id, source.url(), "copy")).statusCode());
            Await.until(Duration.ofSeconds(15), "live", () -> platform.states(id).contains("live"));
            Await.until(Duration.ofSeconds(10), "two segments", () -> HlsChecker.checkMedia(index, null).segments().size() >= 2);

            source.stop();
            long gone = System.nanoTime();
            Await.until(Duration.ofSeconds(WINDOW_SECONDS), "reconnecting",
                    () -> platform.states(id).contains("reconnecting"));
            MediaPlaylist during = HlsChecker.checkMedia(index, null);
            Await.until(Duration.ofSeconds(10), "5 s outage", () -> System.nanoTime() - gone > 5_000_000_000L);
            source.start();
            Await.until(Duration.ofSeconds(15), "live again", () -> platform.states(id).equals(List.of("live", "reconnecting", "live")));
            Await.until(Duration.ofSeconds(10), "a segment after the rejoin",
                    () -> HlsChecker.checkMedia(index, null).segments().size() > during.segments().size());
            MediaPlaylist rejoined = HlsChecker.checkMedia(index, during);
            assertFalse(rejoined.endList());
            assertEquals(1, HlsChecker.discontinuities(rejoined).size());
            assertEquals("live", json(call("GET", "/jobs/" + id, null)).getString("state"));

            source.stop();
        }
        Await.until(Duration.ofSeconds(WINDOW_SECONDS + 15), "ended after the window",
                () -> platform.states(id).contains("ended"));
        assertEquals(List.of("live", "reconnecting", "live", "reconnecting", "ended"), platform.states(id));
        MediaPlaylist vod = HlsChecker.checkMedia(index, null);
        assertTrue(vod.endList());
        Media.decodes(index);
    }

    @Test
    void aStalledInputIsKilledAndRestartedIntoTheSamePlaylist() throws Exception {
        String id = UUID.randomUUID().toString();
        Path index = root.resolve(id).resolve("source/index.m3u8");
        try (LiveSource source = new LiveSource(false); FreezableProxy proxy = new FreezableProxy(source.port())) {
            source.start();
            assertEquals(202, call("POST", "/jobs", job(id, proxy.url(), "copy")).statusCode());
            Await.until(Duration.ofSeconds(15), "two segments", () -> Files.exists(index)
                    && HlsChecker.checkMedia(index, null).segments().size() >= 2);
            long pid = json(call("GET", "/jobs/" + id, null)).getJsonNumber("pid").longValue();
            proxy.freeze(true);
            Await.until(Duration.ofSeconds(STALL_SEGMENTS * 2L + 8), "stalled ffmpeg killed",
                    () -> ProcessHandle.of(pid).isEmpty());
            assertTrue(json(call("GET", "/jobs/" + id, null)).getJsonArray("log").toString().contains("stalled"));
            MediaPlaylist frozen = HlsChecker.checkMedia(index, null);
            proxy.freeze(false);
            Await.until(Duration.ofSeconds(15), "a segment after the stall",
                    () -> HlsChecker.checkMedia(index, null).segments().size() > frozen.segments().size());
            MediaPlaylist after = HlsChecker.checkMedia(index, frozen);
            assertEquals(1, HlsChecker.discontinuities(after).size());
            assertTrue(json(call("GET", "/jobs/" + id, null)).getInt("restarts") >= 1);
            assertEquals(200, call("DELETE", "/jobs/" + id, null).statusCode());
        }
    }

    @Test
    void anInputThatNeverComesStaysStartingAndCanBeEnded() throws Exception {
        String id = UUID.randomUUID().toString();
        String nowhere = "tcp://127.0.0.1:" + LiveSource.freePort();
        assertEquals(202, call("POST", "/jobs", job(id, nowhere, "copy")).statusCode());
        Await.until(Duration.ofSeconds(5), "retries", () -> json(call("GET", "/jobs/" + id, null)).getInt("runs") >= 3);
        assertEquals("starting", json(call("GET", "/jobs/" + id, null)).getString("state"));
        HttpResponse<String> ended = call("DELETE", "/jobs/" + id, null);
        assertEquals("failed", json(ended).getString("state"));
        Await.until(Duration.ofSeconds(10), "failed report", () -> platform.states(id).contains("failed"));
        assertFalse(Files.exists(root.resolve(id).resolve("master.m3u8")));
    }

    @Test
    void jobsBeyondMaxJobsAreRefusedClearly() throws Exception {
        String nowhere = "tcp://127.0.0.1:" + LiveSource.freePort();
        List<String> started = new java.util.ArrayList<>();
        try {
            HttpResponse<String> r;
            do {
                String id = UUID.randomUUID().toString();
                r = call("POST", "/jobs", job(id, nowhere, "copy"));
                if (r.statusCode() == 202) {
                    started.add(id);
                }
            } while (r.statusCode() == 202 && started.size() <= 3);
            assertEquals(503, r.statusCode(), r.body());
            assertEquals("capacity_reached", json(r).getString("error"));
            assertEquals(3, json(call("GET", "/jobs", null)).getInt("maxJobs"));
        } finally {
            for (String id : started) {
                call("DELETE", "/jobs/" + id, null);
            }
        }
    }

    @Test
    void everyRouteNeedsTheKeyAndErrorsAreJson() throws Exception {
        HttpResponse<String> noKey = http.send(HttpRequest.newBuilder(uri("/jobs")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, noKey.statusCode());
        assertEquals("unauthorized", json(noKey).getString("error"));
        HttpResponse<String> wrongKey = http.send(HttpRequest.newBuilder(uri("/jobs")).header("X-Internal-Api-Key", "nope")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, wrongKey.statusCode());

        assertBadRequest(call("POST", "/jobs", "{not json"), "");
        assertBadRequest(call("POST", "/jobs", "[]"), "");
        assertBadRequest(call("POST", "/jobs", "{\"eventId\":\"e1\",\"profile\":\"copy\"}"), "input");
        assertBadRequest(call("POST", "/jobs", job("../etc", "tcp://x:1", "copy")), "eventId");
        assertBadRequest(call("POST", "/jobs", job("e1", "-f lavfi", "copy")), "input");
        assertBadRequest(call("POST", "/jobs", job("e1", "tcp://x:1", "4k")), "profile");

        HttpResponse<String> missing = call("GET", "/jobs/" + UUID.randomUUID(), null);
        assertEquals(404, missing.statusCode());
        assertEquals("not_found", json(missing).getString("error"));
        assertEquals(200, call("GET", "/jobs", null).statusCode());

        HttpResponse<String> health = http.send(HttpRequest.newBuilder(uri("/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertEquals("UP", json(health).getString("status"));
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(uri("/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("streamgate_transcoder_jobs{state=\"live\"}"), metrics.body());
        assertFalse(metrics.body().contains(KEY));
    }

    /**
     * Live segments are stamped with when their first frame arrived: the newest one ends in the past (FFmpeg's own
     * stamps, counted from its muxer start, ran ahead of the wall clock), recently, and stamps follow durations.
     */
    private static void assertLiveProgramDateTimes(MediaPlaylist p) {
        Instant now = Instant.now();
        List<Segment> segs = p.segments();
        Segment last = segs.get(segs.size() - 1);
        Instant end = last.programDateTime().orElseThrow().plusMillis(Math.round(last.durationSeconds() * 1000));
        assertTrue(!end.isAfter(now.plusMillis(50)), "the newest segment ends in the future: " + end + " > " + now);
        assertTrue(end.isAfter(now.minusSeconds(6)), "the newest segment ended long ago: " + end + " < " + now);
        for (int i = 1; i < segs.size(); i++) {
            double gap = Duration.between(segs.get(i - 1).programDateTime().orElseThrow(),
                    segs.get(i).programDateTime().orElseThrow()).toMillis() / 1000.0;
            assertEquals(segs.get(i - 1).durationSeconds(), gap, 0.5, "program date-times drift from durations at " + i);
        }
    }

    private static void assertBadRequest(HttpResponse<String> r, String mentions) {
        assertEquals(400, r.statusCode(), r.body());
        JsonObject body = json(r);
        assertEquals("bad_request", body.getString("error"));
        assertTrue(body.getString("message").contains(mentions), body.getString("message"));
    }

    static String job(String id, String input, String profile) {
        return Api.job(id, input, profile);
    }

    static URI uri(String path) {
        return api.uri(path);
    }

    static HttpResponse<String> call(String method, String path, String body) {
        return api.call(method, path, body);
    }

    static JsonObject json(HttpResponse<String> r) {
        return Api.json(r);
    }
}
