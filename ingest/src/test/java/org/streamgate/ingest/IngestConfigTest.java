package org.streamgate.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class IngestConfigTest {

    @Test
    void defaults() {
        IngestConfig c = IngestConfig.from(Map.of());
        assertEquals(1935, c.rtmpPort());
        assertEquals(5080, c.httpPort());
        assertTrue(c.onPublishUrl().isEmpty());
        assertTrue(c.onPublishDoneUrl().isEmpty());
        assertEquals(Duration.ofSeconds(10), c.hookTimeout());
        assertEquals(List.of("127.0.0.1", "::1"), c.playAllow());
    }

    @Test
    void portIsUsedWhenIngestHttpPortIsUnset() {
        assertEquals(6000, IngestConfig.from(Map.of("PORT", "6000")).httpPort());
        assertEquals(7000, IngestConfig.from(Map.of("PORT", "6000", "INGEST_HTTP_PORT", "7000")).httpPort());
    }

    @Test
    void errorsNameTheEnvKey() {
        assertMessageStartsWith("RTMP_PORT", Map.of("RTMP_PORT", "abc"));
        assertMessageStartsWith("RTMP_PORT", Map.of("RTMP_PORT", "70000"));
        assertMessageStartsWith("PORT", Map.of("PORT", "-1"));
        assertMessageStartsWith("HOOK_TIMEOUT_MS", Map.of("HOOK_TIMEOUT_MS", "0"));
        assertMessageStartsWith("ON_PUBLISH_URL", Map.of("ON_PUBLISH_URL", "ftp://x/y"));
        assertMessageStartsWith("ON_PUBLISH_DONE_URL", Map.of("ON_PUBLISH_DONE_URL", "not a url"));
        assertMessageStartsWith("INGEST_PLAY_ALLOW", Map.of("INGEST_PLAY_ALLOW", "localhost"));
    }

    @Test
    void maskedConfigHidesTheInternalKeyInHookUrls() {
        IngestConfig c = IngestConfig.from(Map.of(
                "ON_PUBLISH_URL", "http://127.0.0.1:3000/internal/rtmp/on_publish?key=SUPERSECRET",
                "ON_PUBLISH_DONE_URL", "http://127.0.0.1:3000/internal/rtmp/on_publish_done?key=SUPERSECRET"));
        assertFalse(c.masked().contains("SUPERSECRET"), c.masked());
        assertFalse(c.toString().contains("SUPERSECRET"));
        assertTrue(c.masked().contains("http://127.0.0.1:3000/internal/rtmp/on_publish?***"), c.masked());
    }

    @Test
    void invalidUrlErrorDoesNotEchoTheSecret() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IngestConfig.from(Map.of("ON_PUBLISH_URL", "http://bad host/?key=SUPERSECRET")));
        assertFalse(e.getMessage().contains("SUPERSECRET"), e.getMessage());
    }

    private static void assertMessageStartsWith(String key, Map<String, String> env) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IngestConfig.from(env));
        assertTrue(e.getMessage().startsWith(key + " "), e.getMessage());
    }
}
