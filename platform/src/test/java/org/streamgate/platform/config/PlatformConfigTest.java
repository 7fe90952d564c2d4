package org.streamgate.platform.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mindrot.jbcrypt.BCrypt;

class PlatformConfigTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef-secret";

    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("PLAYBACK_SIGNING_SECRET", SECRET);
        env.put("INTERNAL_API_KEY", "internal-key");
        return env;
    }

    @Test
    void defaults() {
        PlatformConfig c = PlatformConfig.from(minimal());
        assertEquals(3000, c.port());
        assertNull(c.databaseUrl());
        assertEquals(600, c.tokenTtl().toSeconds());
        assertEquals(60, c.sessionTimeout().toSeconds());
        assertEquals("http://localhost:4000", c.hlsServerBaseUrl());
        assertEquals("[http://127.0.0.1:5000]", c.transcoderUrls().toString());
        assertEquals("rtmp://127.0.0.1:1935/live/KEY", c.transcoderInputUrl("KEY"));
        assertEquals("rtmp://localhost:1935/live", c.rtmpUrl());
        assertFalse(c.production());
        assertTrue(c.dataDir().isAbsolute());
    }

    @Test
    void portsAndTemplates() {
        Map<String, String> env = minimal();
        env.put("PLATFORM_PORT", "3100");
        env.put("RTMP_PORT", "1936");
        assertEquals(3100, PlatformConfig.from(env).port());
        assertEquals("rtmp://127.0.0.1:1936/live/k", PlatformConfig.from(env).transcoderInputUrl("k"));
        env.put("PORT", "3200");
        assertEquals(3200, PlatformConfig.from(env).port());
        env.put("TRANSCODER_URL", "http://t1:5000/, http://t2:5000");
        assertEquals("[http://t1:5000, http://t2:5000]", PlatformConfig.from(env).transcoderUrls().toString());
        env.put("PORT", "seventy");
        var e = assertThrows(ConfigException.class, () -> PlatformConfig.from(env));
        assertTrue(e.getMessage().startsWith("PORT:"), e.getMessage());
    }

    @Test
    void errorsNameTheKey() {
        Map<String, String> env = minimal();
        env.remove("PLAYBACK_SIGNING_SECRET");
        assertTrue(assertThrows(ConfigException.class, () -> PlatformConfig.from(env)).getMessage()
                .startsWith("PLAYBACK_SIGNING_SECRET:"));
        Map<String, String> shortSecret = minimal();
        shortSecret.put("PLAYBACK_SIGNING_SECRET", "short");
        assertTrue(assertThrows(ConfigException.class, () -> PlatformConfig.from(shortSecret)).getMessage()
                .startsWith("PLAYBACK_SIGNING_SECRET:"));
        Map<String, String> badUrl = minimal();
        badUrl.put("HLS_SERVER_BASE_URL", "ftp://x");
        assertTrue(assertThrows(ConfigException.class, () -> PlatformConfig.from(badUrl)).getMessage()
                .startsWith("HLS_SERVER_BASE_URL:"));
        Map<String, String> badProxy = minimal();
        badProxy.put("TRUSTED_PROXIES", "10.0.0.0/8, nonsense");
        assertTrue(assertThrows(ConfigException.class, () -> PlatformConfig.from(badProxy)).getMessage()
                .startsWith("TRUSTED_PROXIES:"));
    }

    @Test
    void productionNeedsExplicitStrongSecretsAndDatabase() {
        Map<String, String> env = minimal();
        env.put("STREAMGATE_ENV", "production");
        assertTrue(assertThrows(ConfigException.class, () -> PlatformConfig.from(env)).getMessage().startsWith("DATABASE_URL:"));
        env.put("DATABASE_URL", "postgresql://u:p@db:5432/sg");
        assertTrue(assertThrows(ConfigException.class, () -> PlatformConfig.from(env)).getMessage().startsWith("INTERNAL_API_KEY:"));
        env.put("INTERNAL_API_KEY", SECRET);
        env.put("ADMIN_PASSWORD", "dev");
        assertTrue(assertThrows(ConfigException.class, () -> PlatformConfig.from(env)).getMessage().startsWith("ADMIN_PASSWORD:"));
        env.remove("ADMIN_PASSWORD");
        env.put("ADMIN_PASSWORD_HASH", BCrypt.hashpw("pw", BCrypt.gensalt(4)));
        PlatformConfig c = PlatformConfig.from(env);
        assertTrue(c.production());
        assertNull(c.devAdminPassword());
    }

    private static Map<String, String> production() {
        Map<String, String> env = minimal();
        env.put("STREAMGATE_ENV", "production");
        env.put("DATABASE_URL", "postgresql://u:p@db:5432/sg");
        env.put("INTERNAL_API_KEY", "Zk3-internal-0123456789abcdefghijKLMN");
        env.put("ADMIN_PASSWORD_HASH", BCrypt.hashpw("pw", BCrypt.gensalt(4)));
        return env;
    }

    /** The refusal names the key and the reason, never the value. */
    private static void assertRefused(Map<String, String> env, String key, String value, String reason) {
        env.put(key, value);
        String message = assertThrows(ConfigException.class, () -> PlatformConfig.from(env)).getMessage();
        assertTrue(message.startsWith(key + ": "), message);
        assertTrue(message.contains(reason), message);
        assertFalse(message.contains(value), message);
    }

    @Test
    void productionRefusesWeakPlaceholderAndDevSecretsForEverySecret(@TempDir Path dir) {
        assertTrue(PlatformConfig.from(production()).production());
        String devSecret = DevSecrets.ensure(dir).get("INTERNAL_API_KEY");
        for (String key : new String[] {"PLAYBACK_SIGNING_SECRET", "PLAYBACK_SIGNING_SECRET_PREVIOUS",
                "INTERNAL_API_KEY", "ADMIN_API_TOKEN"}) {
            assertRefused(production(), key, "Short-secret-123", "at least 32 bytes");
            assertRefused(production(), key, "abcabcabcabcabcabcabcabcabcabcabcabc", "distinct characters");
            assertRefused(production(), key, "CHANGE-ME-CHANGE-ME-CHANGE-ME-CHANGE-ME", "placeholder");
            assertRefused(production(), key, devSecret, "development secret");
        }
        Map<String, String> env = production();
        env.remove("PLAYBACK_SIGNING_SECRET");
        assertTrue(assertThrows(ConfigException.class, () -> PlatformConfig.from(env)).getMessage()
                .startsWith("PLAYBACK_SIGNING_SECRET: is required"));
    }

    @Test
    void developmentStillTakesItsOwnAndShortNonSigningSecrets(@TempDir Path dir) {
        Map<String, String> env = new HashMap<>();
        env.put("STREAMGATE_DATA_DIR", dir.toString());
        PlatformConfig c = PlatformConfig.from(DevSecrets.overlay(env));
        assertTrue(c.signingSecret().startsWith("dev-"));
        assertTrue(c.internalApiKey().startsWith("dev-"));
        assertTrue(c.adminApiToken().startsWith("dev-"));
        assertFalse(c.devAdminPassword().startsWith("dev-"));
        assertEquals("internal-key", PlatformConfig.from(minimal()).internalApiKey());
    }

    @Test
    void unknownEnvironmentIsAnErrorNamingTheKey() {
        Map<String, String> env = minimal();
        env.put("STREAMGATE_ENV", "prod");
        assertTrue(assertThrows(ConfigException.class, () -> PlatformConfig.from(env)).getMessage()
                .startsWith("STREAMGATE_ENV:"));
        assertTrue(assertThrows(ConfigException.class, () -> DevSecrets.overlay(env)).getMessage()
                .startsWith("STREAMGATE_ENV:"));
        env.put("STREAMGATE_ENV", "development");
        assertFalse(PlatformConfig.from(env).production());
    }

    @Test
    void toStringMasksSecrets() {
        Map<String, String> env = minimal();
        env.put("DATABASE_URL", "postgresql://user:hunter2@db:5432/sg");
        env.put("ADMIN_API_TOKEN", "admin-token-value");
        String text = PlatformConfig.from(env).toString();
        assertFalse(text.contains(SECRET));
        assertFalse(text.contains("hunter2"));
        assertFalse(text.contains("internal-key"));
        assertFalse(text.contains("admin-token-value"));
    }

    @Test
    void adminPasswordSources(@TempDir Path dir) throws Exception {
        Map<String, String> env = minimal();
        env.put("ADMIN_PASSWORD", "devpass");
        PlatformConfig dev = PlatformConfig.from(env);
        assertEquals("devpass", dev.devAdminPassword());
        assertTrue(BCrypt.checkpw("devpass", dev.adminPasswordHash()));

        Path file = dir.resolve("hash");
        Files.writeString(file, BCrypt.hashpw("filepass", BCrypt.gensalt(4)) + "\n");
        env.put("ADMIN_PASSWORD_HASH_FILE", file.toString());
        PlatformConfig fromFile = PlatformConfig.from(env);
        assertNull(fromFile.devAdminPassword());
        assertTrue(BCrypt.checkpw("filepass", fromFile.adminPasswordHash()));

        env.put("ADMIN_PASSWORD_HASH", "not-a-hash");
        assertTrue(assertThrows(ConfigException.class, () -> PlatformConfig.from(env)).getMessage()
                .startsWith("ADMIN_PASSWORD_HASH:"));
    }

    @Test
    void devSecretsAreGeneratedOnceWithMode600AndEnvWins(@TempDir Path dir) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("STREAMGATE_DATA_DIR", dir.toString());
        Map<String, String> first = DevSecrets.overlay(env);
        Path file = dir.resolve("dev.env");
        assertTrue(Files.exists(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        for (String key : DevSecrets.KEYS) {
            assertNotNull(first.get(key), key);
        }
        assertTrue(first.get("PLAYBACK_SIGNING_SECRET").length() >= 32);
        Map<String, String> second = DevSecrets.overlay(env);
        assertEquals(first, second);

        env.put("INTERNAL_API_KEY", "from-env");
        assertEquals("from-env", DevSecrets.overlay(env).get("INTERNAL_API_KEY"));
        assertEquals(first.get("PLAYBACK_SIGNING_SECRET"), DevSecrets.overlay(env).get("PLAYBACK_SIGNING_SECRET"));

        PlatformConfig c = PlatformConfig.from(DevSecrets.overlay(env));
        assertEquals(first.get("ADMIN_PASSWORD"), c.devAdminPassword());

        Map<String, String> prod = new HashMap<>(env);
        prod.put("STREAMGATE_ENV", "production");
        assertEquals(prod, DevSecrets.overlay(prod));
    }

    @Test
    void yamlFileIsOverriddenByEnvironment(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("platform.yaml");
        Files.writeString(yaml, "PORT: 3300\nAPP_NAME: From yaml\nSESSION_TIMEOUT_SECONDS: 45\n");
        Map<String, String> env = minimal();
        env.put("STREAMGATE_CONFIG", yaml.toString());
        env.put("APP_NAME", "From env");
        PlatformConfig c = PlatformConfig.from(ConfigFile.withEnvironment(env));
        assertEquals(3300, c.port());
        assertEquals("From env", c.appName());
        assertEquals(45, c.sessionTimeout().toSeconds());
        env.put("STREAMGATE_CONFIG", dir.resolve("missing.yaml").toString());
        assertTrue(assertThrows(ConfigException.class, () -> ConfigFile.withEnvironment(env)).getMessage()
                .startsWith("STREAMGATE_CONFIG:"));
    }

    @Test
    void devSecretsMainCreatesTheFile(@TempDir Path dir) {
        DevSecretsMain.main(new String[] {dir.toString()});
        assertTrue(Files.exists(dir.resolve("dev.env")));
    }
}
