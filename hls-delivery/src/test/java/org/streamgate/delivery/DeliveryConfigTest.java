package org.streamgate.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class DeliveryConfigTest {

    private static final TestStreams STREAMS = TestStreams.create();

    @AfterAll
    static void cleanUp() {
        STREAMS.delete();
    }

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("STREAM_ROOT", STREAMS.root.toString());
        env.put("PLAYBACK_SIGNING_SECRET", TestStreams.SECRET);
        return env;
    }

    private static String error(Map<String, String> env) {
        return assertThrows(IllegalArgumentException.class, () -> DeliveryConfig.from(env)).getMessage();
    }

    @Test
    void defaults() {
        DeliveryConfig c = DeliveryConfig.from(env());
        assertEquals(4000, c.port());
        assertEquals(DeliveryConfig.Mode.LOCAL, c.mode());
        assertEquals(Duration.ofSeconds(5), c.tokenLeeway());
        assertEquals(Duration.ofMillis(30_000), c.revocationPollInterval());
        assertEquals(DeliveryConfig.FailMode.CLOSED, c.revocationFailMode());
        assertFalse(c.revocationSyncEnabled());
    }

    @Test
    void hotFileCacheIsSizedInMegabytesAndZeroTurnsItOff() {
        assertEquals(DeliveryConfig.DEFAULT_HOT_FILE_CACHE_MB << 20, DeliveryConfig.from(env()).hotFileCacheBytes());
        Map<String, String> env = env();
        env.put("HOT_FILE_CACHE_MB", "0");
        assertEquals(0, DeliveryConfig.from(env).hotFileCacheBytes());
        env.put("HOT_FILE_CACHE_MB", "-1");
        assertTrue(error(env).contains("HOT_FILE_CACHE_MB must be between 0"), error(env));
    }

    @Test
    void accelRedirectPrefixIsOffByDefaultAndValidated() {
        assertFalse(DeliveryConfig.from(env()).accelRedirectEnabled());
        Map<String, String> env = env();
        env.put("ACCEL_REDIRECT_PREFIX", "/_streamgate_files/");
        assertEquals("/_streamgate_files/", DeliveryConfig.from(env).accelRedirectPrefix());
        assertTrue(DeliveryConfig.from(env).accelRedirectEnabled());
        for (String bad : new String[] {"_streamgate_files/", "/_streamgate_files", "/", "/a/../b/", "/a b/", "/a?/", "/a//b/"}) {
            env.put("ACCEL_REDIRECT_PREFIX", bad);
            assertTrue(error(env).contains("ACCEL_REDIRECT_PREFIX must start and end with '/'"), bad + ": " + error(env));
        }
    }

    @Test
    void accelRedirectPrefixNeedsFilesUnderStreamRoot() {
        Map<String, String> env = env();
        env.remove("STREAM_ROOT");
        env.put("DELIVERY_MODE", "proxy");
        env.put("UPSTREAM_ORIGIN", "http://origin.example.com/streams/");
        env.put("SEGMENT_CACHE_ROOT", STREAMS.base.resolve("cache").toString());
        env.put("ACCEL_REDIRECT_PREFIX", "/_streamgate_files/");
        assertTrue(error(env).contains("ACCEL_REDIRECT_PREFIX only applies to DELIVERY_MODE local or hybrid"), error(env));
        env.put("DELIVERY_MODE", "hybrid");
        env.put("STREAM_ROOT", STREAMS.root.toString());
        assertTrue(DeliveryConfig.from(env).accelRedirectEnabled());
    }

    @Test
    void deliveryPortIsTheFallbackForPort() {
        Map<String, String> env = env();
        env.put("DELIVERY_PORT", "4100");
        assertEquals(4100, DeliveryConfig.from(env).port());
        env.put("PORT", "4200");
        assertEquals(4200, DeliveryConfig.from(env).port());
    }

    @Test
    void errorsNameTheKey() {
        Map<String, String> env = env();
        env.remove("PLAYBACK_SIGNING_SECRET");
        assertTrue(error(env).contains("PLAYBACK_SIGNING_SECRET is required"));
        env.put("PLAYBACK_SIGNING_SECRET", "short");
        String message = error(env);
        assertTrue(message.contains("PLAYBACK_SIGNING_SECRET must be at least 32 bytes"), message);
        assertFalse(message.contains("short"), "secrets are never echoed");
        env.put("PLAYBACK_SIGNING_SECRET", TestStreams.SECRET);
        env.put("PORT", "http");
        env.put("DELIVERY_MODE", "cdn");
        env.put("REVOCATION_FAIL_MODE", "maybe");
        message = error(env);
        assertTrue(message.contains("PORT must be a whole number"), message);
        assertTrue(message.contains("DELIVERY_MODE must be one of local|proxy|hybrid"), message);
        assertTrue(message.contains("REVOCATION_FAIL_MODE must be one of closed|open"), message);
    }

    @Test
    void modesRequireTheirSettings() {
        Map<String, String> env = env();
        env.remove("STREAM_ROOT");
        assertTrue(error(env).contains("STREAM_ROOT is required"));
        env.put("DELIVERY_MODE", "proxy");
        String message = error(env);
        assertTrue(message.contains("UPSTREAM_ORIGIN is required"), message);
        assertTrue(message.contains("SEGMENT_CACHE_ROOT is required"), message);
        env.put("UPSTREAM_ORIGIN", "http://origin.example.com:8080/");
        env.put("SEGMENT_CACHE_ROOT", STREAMS.base.resolve("cache").toString());
        DeliveryConfig c = DeliveryConfig.from(env);
        assertEquals("http://origin.example.com:8080", c.upstreamOrigin().orElseThrow().toString());
    }

    @Test
    void platformNeedsTheInternalKeyAndTheLogLineIsMasked() {
        Map<String, String> env = env();
        env.put("PLATFORM_APP_URL", "http://127.0.0.1:3000");
        assertTrue(error(env).contains("INTERNAL_API_KEY is required"));
        env.put("INTERNAL_API_KEY", "internal-key-value-xyz");
        env.put("PLAYBACK_SIGNING_SECRET_PREVIOUS", TestStreams.OTHER_SECRET);
        DeliveryConfig c = DeliveryConfig.from(env);
        assertTrue(c.revocationSyncEnabled());
        String logged = c.toString();
        assertFalse(logged.contains(TestStreams.SECRET));
        assertFalse(logged.contains(TestStreams.OTHER_SECRET));
        assertFalse(logged.contains("internal-key-value-xyz"));
        assertTrue(logged.contains("signingSecret=****"));
    }

    private static Map<String, String> production() {
        Map<String, String> env = env();
        env.put("STREAMGATE_ENV", "production");
        env.put("PLATFORM_APP_URL", "http://127.0.0.1:3000");
        env.put("INTERNAL_API_KEY", "Zk3-internal-0123456789abcdefghijKLMN");
        return env;
    }

    @Test
    void productionAcceptsStrongSecrets() {
        DeliveryConfig c = DeliveryConfig.from(production());
        assertTrue(c.deploymentMode().isProduction());
        assertTrue(c.toString().contains("deploymentMode=production"));
    }

    @Test
    void productionRefusesMissingWeakPlaceholderAndDevSecretsNamingTheKeyNotTheValue() {
        for (String key : new String[] {"PLAYBACK_SIGNING_SECRET", "PLAYBACK_SIGNING_SECRET_PREVIOUS", "INTERNAL_API_KEY"}) {
            for (String[] bad : new String[][] {
                    {"Short-secret-123", "must be at least 32 bytes"},
                    {"abcabcabcabcabcabcabcabcabcabcabcabc", "is too weak"},
                    {"CHANGE-ME-CHANGE-ME-CHANGE-ME-CHANGE-ME", "is a placeholder"},
                    {"dev-Q3hx0VfLrT9wYb2KcNp5Mz8AeUs1GdJi4", "is a generated development secret"}}) {
                Map<String, String> env = production();
                env.put(key, bad[0]);
                String message = error(env);
                assertTrue(message.contains(key + " " + bad[1]), key + ": " + message);
                assertFalse(message.contains(bad[0]), "secrets are never echoed: " + message);
            }
        }
        Map<String, String> env = production();
        env.remove("INTERNAL_API_KEY");
        env.remove("PLATFORM_APP_URL");
        String message = error(env);
        assertTrue(message.contains("INTERNAL_API_KEY is required when STREAMGATE_ENV=production"), message);
        assertTrue(message.contains("PLATFORM_APP_URL is required when STREAMGATE_ENV=production"), message);
    }

    @Test
    void developmentKeepsOnlyTheLengthRuleAndUnknownEnvironmentsAreErrors() {
        Map<String, String> env = env();
        env.put("PLAYBACK_SIGNING_SECRET", "dev-Q3hx0VfLrT9wYb2KcNp5Mz8AeUs1GdJi4");
        env.put("PLATFORM_APP_URL", "http://127.0.0.1:3000");
        env.put("INTERNAL_API_KEY", "k");
        assertFalse(DeliveryConfig.from(env).deploymentMode().isProduction());
        env.put("STREAMGATE_ENV", "staging");
        assertTrue(error(env).contains("STREAMGATE_ENV must be production or development"));
    }

    @Test
    void stalenessMustExceedThePollInterval() {
        Map<String, String> env = env();
        env.put("REVOCATION_POLL_INTERVAL_MS", "1000");
        env.put("REVOCATION_MAX_STALENESS_MS", "500");
        assertTrue(error(env).contains("REVOCATION_MAX_STALENESS_MS must be longer"));
    }

    @Test
    void upstreamForwardTokenIsOffByDefaultAndOnlyForUpstreamModes() {
        Map<String, String> env = env();
        env.put("DELIVERY_MODE", "proxy");
        env.put("UPSTREAM_ORIGIN", "http://origin.example.com:4000/streams/");
        env.put("SEGMENT_CACHE_ROOT", STREAMS.base.resolve("forward-cache").toString());
        assertFalse(DeliveryConfig.from(env).upstreamForwardToken());
        env.put("UPSTREAM_FORWARD_TOKEN", "TRUE");
        DeliveryConfig c = DeliveryConfig.from(env);
        assertTrue(c.upstreamForwardToken());
        assertTrue(c.toString().contains("upstreamForwardToken=true"), c.toString());

        env.put("UPSTREAM_FORWARD_TOKEN", "yes");
        assertTrue(error(env).contains("UPSTREAM_FORWARD_TOKEN must be true or false, was 'yes'"), error(env));
        env.put("UPSTREAM_FORWARD_TOKEN", "true");
        env.put("DELIVERY_MODE", "local");
        String message = error(env);
        assertTrue(message.contains("UPSTREAM_FORWARD_TOKEN only applies to DELIVERY_MODE proxy or hybrid"), message);
    }
}
