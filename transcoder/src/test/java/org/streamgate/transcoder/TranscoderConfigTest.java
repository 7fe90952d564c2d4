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

    private Map<String, String> production() {
        Map<String, String> env = env();
        env.put("STREAMGATE_ENV", "production");
        env.put("PLATFORM_APP_URL", "http://127.0.0.1:3000");
        env.put("INTERNAL_API_KEY", "Zk3-internal-0123456789abcdefghijKLMN");
        return env;
    }

    @Test
    void productionAcceptsAStrongKey() {
        TranscoderConfig c = TranscoderConfig.from(production());
        assertTrue(c.deploymentMode().isProduction());
        assertFalse(c.toString().contains("Zk3-internal"), c.toString());
    }

    @Test
    void productionRefusesMissingWeakPlaceholderAndDevKeysNamingTheKeyNotTheValue() {
        for (String[] bad : new String[][] {
                {"", "is required when STREAMGATE_ENV=production"},
                {"s3cret-internal-key", "must be at least 32 bytes"},
                {"abcabcabcabcabcabcabcabcabcabcabcabc", "is too weak"},
                {"CHANGE-ME-CHANGE-ME-CHANGE-ME-CHANGE-ME", "is a placeholder"},
                {"dev-Q3hx0VfLrT9wYb2KcNp5Mz8AeUs1GdJi4", "is a generated development secret"}}) {
            Map<String, String> env = production();
            env.put("INTERNAL_API_KEY", bad[0]);
            String message = assertThrows(IllegalArgumentException.class, () -> TranscoderConfig.from(env)).getMessage();
            assertTrue(message.startsWith("INTERNAL_API_KEY " + bad[1]), message);
            if (!bad[0].isEmpty()) {
                assertFalse(message.contains(bad[0]), "keys are never echoed: " + message);
            }
        }
        Map<String, String> env = production();
        env.remove("PLATFORM_APP_URL");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TranscoderConfig.from(env)).getMessage()
                .startsWith("PLATFORM_APP_URL is required when STREAMGATE_ENV=production"));
    }

    @Test
    void unknownEnvironmentIsAnErrorNamingTheKey() {
        Map<String, String> env = env();
        env.put("STREAMGATE_ENV", "prod");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TranscoderConfig.from(env)).getMessage()
                .startsWith("STREAMGATE_ENV "));
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
