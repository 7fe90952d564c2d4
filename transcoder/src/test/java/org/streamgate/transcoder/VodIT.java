package org.streamgate.transcoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streamgate.transcoder.ffmpeg.FfmpegBinary;
import org.streamgate.transcoder.hls.HlsChecker;
import org.streamgate.transcoder.hls.MediaPlaylist;

/**
 * File inputs (uploads) to VOD, run with the ffmpeg 4.4 bundled in the JAVE jar so both supported FFmpeg
 * generations are exercised (TranscoderIT uses the system's 5.x).
 */
class VodIT {

    static final String KEY = "vod-it-key-0123456789abcdef0123";

    @TempDir
    static Path tmp;
    static ReportReceiver platform;
    static TranscoderServer server;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        Path bundled = FfmpegBinary.resolve(java.util.Optional.empty(), "", tmp.resolve("cache")).path();
        assertEquals(4, FfmpegBinary.resolve(java.util.Optional.of(bundled), "", tmp).majorVersion());
        platform = new ReportReceiver();
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("STREAM_ROOT", tmp.resolve("streams").toString());
        env.put("INTERNAL_API_KEY", KEY);
        env.put("PLATFORM_APP_URL", platform.url());
        env.put("FFMPEG_PATH", bundled.toString());
        server = TranscoderServer.start(TranscoderConfig.from(env));
        api = new Api(server.port(), KEY);
    }

    @AfterAll
    static void stop() {
        server.stop();
        platform.close();
    }

    @Test
    void anUploadedFileBecomesAVodWithProgressAndItsFilesCanBeDeleted() throws Exception {
        String id = UUID.randomUUID().toString();
        Path dir = tmp.resolve("streams").resolve(id);
        Files.createDirectories(dir.resolve(".upload"));
        Path file = Media.makeFile(dir.resolve(".upload/source.mp4"), 5, "320x240", true);
        assertEquals(202, api.call("POST", "/jobs", Api.job(id, file.toUri().toString(), "copy")).statusCode());
        List<Integer> seen = new ArrayList<>();
        Await.until(Duration.ofSeconds(30), "ended", () -> {
            JsonObject job = Api.json(api.call("GET", "/jobs/" + id, null));
            if (!job.isNull("progress")) {
                seen.add(job.getInt("progress"));
            }
            return "ended".equals(job.getString("state"));
        });
        assertEquals(seen.stream().sorted().toList(), seen, "progress never goes back: " + seen);
        assertTrue(seen.stream().allMatch(p -> p >= 0 && p <= 100), seen.toString());
        JsonObject ended = Api.json(api.call("GET", "/jobs/" + id, null));
        assertEquals(100, ended.getInt("progress"));
        assertEquals(5.0, ended.getJsonNumber("durationSeconds").doubleValue(), 0.1);
        Await.until(Duration.ofSeconds(10), "ended report", () -> platform.states(id).contains("ended"));
        assertEquals(List.of("ended"), platform.states(id), "an upload is never reported live");

        HlsChecker.checkMaster(dir.resolve("master.m3u8"));
        MediaPlaylist vod = HlsChecker.checkMedia(dir.resolve("source/index.m3u8"), null);
        assertTrue(vod.endList());
        assertEquals(5.0, vod.segments().stream().mapToDouble(s -> s.durationSeconds()).sum(), 0.2);
        Media.decodes(dir.resolve("master.m3u8"));

        HttpResponse<String> purged = api.call("DELETE", "/events/" + id + "/files", null);
        assertEquals(200, purged.statusCode(), purged.body());
        assertTrue(Api.json(purged).getInt("deletedFiles") >= 5, purged.body());
        assertFalse(Files.exists(dir));
        assertEquals(404, api.call("GET", "/jobs/" + id, null).statusCode(), "the finished job's record went too");
        HttpResponse<String> again = api.call("DELETE", "/events/" + id + "/files", null);
        assertEquals(404, again.statusCode());
        assertEquals("not_found", Api.json(again).getString("error"));
    }

    @Test
    void filesOfAnEventWithARunningJobAreKeptAndIdsAreChecked() throws Exception {
        String id = UUID.randomUUID().toString();
        String nowhere = "tcp://127.0.0.1:" + LiveSource.freePort();
        assertEquals(202, api.call("POST", "/jobs", Api.job(id, nowhere, "copy")).statusCode());
        HttpResponse<String> refused = api.call("DELETE", "/events/" + id + "/files", null);
        assertEquals(409, refused.statusCode(), refused.body());
        assertEquals("job_running", Api.json(refused).getString("error"));
        assertTrue(Files.isDirectory(tmp.resolve("streams").resolve(id)));
        api.call("DELETE", "/jobs/" + id, null);
        assertEquals(200, api.call("DELETE", "/events/" + id + "/files", null).statusCode());

        assertEquals(400, api.call("DELETE", "/events/bad.id/files", null).statusCode());
        assertEquals(401, new Api(server.port(), null).call("DELETE", "/events/" + id + "/files", null).statusCode());
    }

    @Test
    void aFileInputMustBeAnAbsolutePathToAReadableFile() {
        for (String input : List.of("lecture.mp4", "uploads/lecture.mp4", "pipe:0",
                tmp.resolve("missing.mp4").toString(), tmp.toString())) {
            HttpResponse<String> r = api.call("POST", "/jobs", Api.job(UUID.randomUUID().toString(), input, "copy"));
            assertEquals(400, r.statusCode(), input + ": " + r.body());
            assertTrue(Api.json(r).getString("message").contains("input"), r.body());
        }
    }

    @Test
    void abrOfASilentSourceListsEveryRenditionAndEachPlays() throws Exception {
        Path file = Media.makeFile(tmp.resolve("silent.mp4"), 4, "854x480", false);
        String id = UUID.randomUUID().toString();
        assertEquals(202, api.call("POST", "/jobs", Api.job(id, file.toString(), "abr")).statusCode());
        Await.until(Duration.ofSeconds(60), "ended", () -> platform.states(id).contains("ended"));
        Path dir = tmp.resolve("streams").resolve(id);
        List<String> variants = HlsChecker.checkMaster(dir.resolve("master.m3u8"));
        assertEquals(List.of("480p/index.m3u8", "360p/index.m3u8"), variants);
        String master = Files.readString(dir.resolve("master.m3u8"));
        assertTrue(master.contains("RESOLUTION=854x480") && master.contains("RESOLUTION=640x360"), master);
        assertTrue(master.contains("CODECS=\"avc1.640029\""), master);
        for (String v : variants) {
            MediaPlaylist p = HlsChecker.checkMedia(dir.resolve(v), null);
            assertTrue(p.endList());
            assertEquals(2, p.segments().size(), v + " has 2 s segments aligned to the forced keyframes");
            assertEquals(List.of("h264"), Media.codecs(dir.resolve(v).resolveSibling(p.segments().get(0).uri())));
            Media.decodes(dir.resolve(v));
        }
        JsonObject job = Api.json(api.call("GET", "/jobs/" + id, null));
        assertEquals("ended", job.getString("state"));
    }

    @Test
    void oddFrameRateSourcesStillGiveSegmentsOfTheConfiguredLength() throws Exception {
        for (String rate : List.of("30000/1001", "12.5")) {
            Path file = Media.makeFile(tmp.resolve("odd-" + rate.replace('/', '_') + ".mp4"), 4, "640x360", rate, true);
            String id = UUID.randomUUID().toString();
            assertEquals(202, api.call("POST", "/jobs", Api.job(id, file.toString(), "abr")).statusCode());
            Await.until(Duration.ofSeconds(60), "ended", () -> platform.states(id).contains("ended"));
            Path dir = tmp.resolve("streams").resolve(id);
            List<String> variants = HlsChecker.checkMaster(dir.resolve("master.m3u8"));
            assertEquals(List.of("360p/index.m3u8"), variants, rate);
            MediaPlaylist p = HlsChecker.checkMedia(dir.resolve(variants.get(0)), null);
            assertTrue(p.endList(), rate);
            assertEquals(2, p.segments().size(), rate + " fps: GOP aligned to 2 s segments");
            assertEquals(List.of("h264", "aac"), Media.codecs(dir.resolve(variants.get(0)).resolveSibling(
                    p.segments().get(0).uri())), rate);
            Media.decodes(dir.resolve(variants.get(0)));
        }
    }
}
