package org.streamgate.transcoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    void anUploadedFileBecomesAVod() throws Exception {
        Path file = Media.makeFile(tmp.resolve("lecture.mp4"), 5, "320x240", true);
        String id = UUID.randomUUID().toString();
        assertEquals(202, api.call("POST", "/jobs", Api.job(id, file.toString(), "copy")).statusCode());
        Await.until(Duration.ofSeconds(30), "ended", () -> platform.states(id).contains("ended"));
        assertEquals(List.of("live", "ended"), platform.states(id));
        Path dir = tmp.resolve("streams").resolve(id);
        HlsChecker.checkMaster(dir.resolve("master.m3u8"));
        MediaPlaylist vod = HlsChecker.checkMedia(dir.resolve("source/index.m3u8"), null);
        assertTrue(vod.endList());
        assertEquals(5.0, vod.segments().stream().mapToDouble(s -> s.durationSeconds()).sum(), 0.2);
        Media.decodes(dir.resolve("master.m3u8"));
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
}
