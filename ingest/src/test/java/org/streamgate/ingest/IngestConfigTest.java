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
        assertEquals(Duration.ofSeconds(10), c.silenceTimeout());
        assertEquals(1000, c.maxConnections());
        assertEquals(100, c.maxPublishers());
        assertEquals(Duration.ofSeconds(5), c.handshakeTimeout());
        assertEquals(3 * 1024 * 1024, c.maxMessageBytes());
        assertTrue(c.onUpdateUrl().isEmpty());
        assertEquals(Duration.ofSeconds(30), c.updateInterval());
        assertFalse(c.updateStrict());
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
        assertMessageStartsWith("PUBLISHER_SILENCE_TIMEOUT_SECONDS", Map.of("PUBLISHER_SILENCE_TIMEOUT_SECONDS", "0"));
        assertMessageStartsWith("MAX_CONNECTIONS", Map.of("MAX_CONNECTIONS", "0"));
        assertMessageStartsWith("MAX_PUBLISHERS", Map.of("MAX_PUBLISHERS", "x"));
        assertMessageStartsWith("MAX_PUBLISHERS", Map.of("MAX_PUBLISHERS", "20", "MAX_CONNECTIONS", "10"));
        assertMessageStartsWith("HANDSHAKE_TIMEOUT_MS", Map.of("HANDSHAKE_TIMEOUT_MS", "-5"));
        assertMessageStartsWith("RTMP_MAX_MESSAGE_BYTES", Map.of("RTMP_MAX_MESSAGE_BYTES", "100"));
        assertMessageStartsWith("ON_UPDATE_URL", Map.of("ON_UPDATE_URL", "rtmp://x/y"));
        assertMessageStartsWith("NOTIFY_UPDATE_TIMEOUT_SECONDS", Map.of("NOTIFY_UPDATE_TIMEOUT_SECONDS", "0"));
        assertMessageStartsWith("NOTIFY_UPDATE_STRICT", Map.of("NOTIFY_UPDATE_STRICT", "maybe"));
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

    private static final String STRONG_KEY = "Zk3-internal-0123456789abcdefghijKLMN";

    private static Map<String, String> production(String onPublishKey) {
        return new java.util.HashMap<>(Map.of("STREAMGATE_ENV", "production",
                "ON_PUBLISH_URL", "http://127.0.0.1:3000/internal/rtmp/on_publish?key=" + onPublishKey,
                "ON_PUBLISH_DONE_URL", "http://127.0.0.1:3000/internal/rtmp/on_publish_done?key=" + STRONG_KEY));
    }

    @Test
    void productionAcceptsAStrongCallbackKey() {
        IngestConfig c = IngestConfig.from(production(STRONG_KEY));
        assertTrue(c.deploymentMode().isProduction());
        assertFalse(c.masked().contains(STRONG_KEY));
        // the key is URL-decoded before it is judged, as the platform decodes it
        assertTrue(IngestConfig.from(production("Zk3%2Dinternal-0123456789abcdefghijKLMN")).deploymentMode().isProduction());
    }

    @Test
    void productionRefusesMissingWeakPlaceholderAndDevKeysNamingTheVariableNotTheKey() {
        for (String[] bad : new String[][] {
                {"s3cret-internal-key", "must be at least 32 bytes"},
                {"abcabcabcabcabcabcabcabcabcabcabcabc", "is too weak"},
                {"CHANGE-ME", "must be at least 32 bytes"},
                {"CHANGE-ME-CHANGE-ME-CHANGE-ME-CHANGE-ME", "is a placeholder"},
                {"dev-Q3hx0VfLrT9wYb2KcNp5Mz8AeUs1GdJi4", "is a generated development secret"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> IngestConfig.from(production(bad[0])));
            assertTrue(e.getMessage().startsWith("ON_PUBLISH_URL ?key= " + bad[1]), e.getMessage());
            assertFalse(e.getMessage().contains(bad[0]), e.getMessage());
        }
        Map<String, String> noKey = production(STRONG_KEY);
        noKey.put("ON_PUBLISH_URL", "http://127.0.0.1:3000/internal/rtmp/on_publish");
        assertRefused("ON_PUBLISH_URL ?key= is required when STREAMGATE_ENV=production", noKey);
        Map<String, String> weakUpdate = production(STRONG_KEY);
        weakUpdate.put("ON_UPDATE_URL", "http://127.0.0.1:3000/internal/rtmp/on_update?key=short");
        assertRefused("ON_UPDATE_URL ?key= must be at least 32 bytes", weakUpdate);
        Map<String, String> noHook = production(STRONG_KEY);
        noHook.remove("ON_PUBLISH_URL");
        assertRefused("ON_PUBLISH_URL is required when STREAMGATE_ENV=production", noHook);
    }

    @Test
    void developmentKeepsAllowingAnyKeyAndUnknownEnvironmentsAreErrors() {
        assertFalse(IngestConfig.from(Map.of("ON_PUBLISH_URL", "http://h/x?key=k")).deploymentMode().isProduction());
        assertMessageStartsWith("STREAMGATE_ENV", Map.of("STREAMGATE_ENV", "live"));
    }

    private static void assertRefused(String messageStart, Map<String, String> env) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IngestConfig.from(env));
        assertTrue(e.getMessage().startsWith(messageStart), e.getMessage());
    }

    private static void assertMessageStartsWith(String key, Map<String, String> env) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IngestConfig.from(env));
        assertTrue(e.getMessage().startsWith(key + " "), e.getMessage());
    }
}
