package org.streamgate.transcoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranscoderConfigTest {

    @TempDir
    Path tmp;

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("STREAM_ROOT", tmp.resolve("streams").toString());
        env.put("INTERNAL_API_KEY", "s3cret-internal-key");
        return env;
    }

    @Test
    void defaultsAndCreatesTheStreamRoot() {
        TranscoderConfig c = TranscoderConfig.from(env());
        assertEquals(5000, c.port());
        assertEquals(2, c.segmentSeconds());
        assertEquals(60, c.reconnectWindowSeconds());
        assertTrue(c.platformAppUrl().isEmpty());
        assertTrue(Files.isDirectory(c.streamRoot()));
    }

    @Test
    void portFallsBackToTranscoderPort() {
        Map<String, String> env = env();
        env.put("TRANSCODER_PORT", "5100");
        assertEquals(5100, TranscoderConfig.from(env).port());
        env.put("PORT", "5200");
        assertEquals(5200, TranscoderConfig.from(env).port());
    }

    @Test
    void errorsNameTheKey() {
        Map<String, String> env = env();
        env.put("SEGMENT_SECONDS", "7");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TranscoderConfig.from(env))
                .getMessage().startsWith("SEGMENT_SECONDS"));
        env.remove("SEGMENT_SECONDS");
        env.put("PLATFORM_APP_URL", "ftp://x");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TranscoderConfig.from(env))
                .getMessage().startsWith("PLATFORM_APP_URL"));
        env.remove("PLATFORM_APP_URL");
        env.put("FFMPEG_PATH", "/nonexistent/ffmpeg");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TranscoderConfig.from(env))
                .getMessage().startsWith("FFMPEG_PATH"));
        env.remove("FFMPEG_PATH");
        env.remove("INTERNAL_API_KEY");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TranscoderConfig.from(env))
                .getMessage().startsWith("INTERNAL_API_KEY"));
        env.put("INTERNAL_API_KEY", "k");
        env.remove("STREAM_ROOT");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TranscoderConfig.from(env))
                .getMessage().startsWith("STREAM_ROOT"));
    }

    @Test
    void toStringMasksTheKey() {
        Map<String, String> env = env();
        env.put("PLATFORM_APP_URL", "http://127.0.0.1:3000/");
        TranscoderConfig c = TranscoderConfig.from(env);
        assertFalse(c.toString().contains("s3cret"), c.toString());
        assertEquals("http://127.0.0.1:3000", c.platformAppUrl().orElseThrow().toString());
    }
}
