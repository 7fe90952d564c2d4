package org.streamgate.transcoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
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

/**
 * The restart ceiling (MAX_RESTARTS_PER_MINUTE), with a fake ffmpeg (via FFMPEG_PATH) that lists one segment and
 * then crashes, every time: the job must stop restarting, finalise what it has and report {@code failed}.
 */
class RestartCeilingIT {

    static final String KEY = "ceiling-it-key-0123456789abcdef";
    static final int MAX_RESTARTS = 3;

    /** Answers -version like FFmpeg 5; otherwise writes segment {@code -start_number} and its run playlist, exits 1. */
    static final String CRASHING_FFMPEG = """
            #!/bin/bash
            if [ "$1" = "-version" ]; then echo "ffmpeg version 5.1.0 (fake, crashes after one segment)"; exit 0; fi
            start=0; pattern=; prev=; last=
            for a in "$@"; do
              case "$prev" in -start_number) start=$a ;; -hls_segment_filename) pattern=$a ;; esac
              prev=$a; last=$a
            done
            seg=${pattern//%d/$start}
            printf 'not really mpeg-ts' > "$seg"
            printf '#EXTM3U\\n#EXT-X-VERSION:3\\n#EXT-X-TARGETDURATION:2\\n#EXT-X-MEDIA-SEQUENCE:0\\n#EXT-X-PROGRAM-DATE-TIME:%s\\n#EXTINF:2.000000,\\n%s\\n' \\
              "$(date -u +%Y-%m-%dT%H:%M:%S.000+0000)" "${seg##*/}" > "$last"
            echo "fake ffmpeg: segfault" >&2
            exit 139
            """;

    @TempDir
    static Path tmp;
    static ReportReceiver platform;
    static TranscoderServer server;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        Path fake = tmp.resolve("ffmpeg");
        Files.writeString(fake, CRASHING_FFMPEG);
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        platform = new ReportReceiver();
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("STREAM_ROOT", tmp.resolve("streams").toString());
        env.put("INTERNAL_API_KEY", KEY);
        env.put("PLATFORM_APP_URL", platform.url());
        env.put("FFMPEG_PATH", fake.toString());
        env.put("MAX_RESTARTS_PER_MINUTE", Integer.toString(MAX_RESTARTS));
        server = TranscoderServer.start(TranscoderConfig.from(env));
        api = new Api(server.port(), KEY);
    }

    @AfterAll
    static void stop() {
        server.stop();
        platform.close();
    }

    @Test
    void anFfmpegThatKeepsCrashingFailsTheJobAfterTheCeilingAndKeepsWhatItListed() throws Exception {
        String id = UUID.randomUUID().toString();
        assertEquals(202, api.call("POST", "/jobs", Api.job(id, "tcp://127.0.0.1:9", "copy")).statusCode());
        Await.until(Duration.ofSeconds(20), "failed report", () -> platform.states(id).contains("failed"));
        assertEquals(List.of("live", "failed"), platform.states(id));

        JsonObject job = Api.json(api.call("GET", "/jobs/" + id, null));
        assertEquals("failed", job.getString("state"));
        assertEquals(MAX_RESTARTS + 1, job.getInt("restarts"));
        assertEquals(MAX_RESTARTS + 1, job.getInt("runs"));
        assertEquals(139, job.getInt("lastExitCode"));
        assertTrue(job.getString("reason").contains("restarts in a minute"), job.getString("reason"));
        assertTrue(job.getJsonArray("log").toString().contains("segfault"));

        Path dir = tmp.resolve("streams").resolve(id);
        MediaPlaylist vod = HlsChecker.checkMedia(dir.resolve("source/index.m3u8"), null);
        assertTrue(vod.endList(), "what was listed is finalised");
        assertEquals(MAX_RESTARTS + 1, vod.segments().size());
        assertEquals(MAX_RESTARTS, HlsChecker.discontinuities(vod).size());
        assertTrue(Files.exists(dir.resolve("master.m3u8")));
    }
}
