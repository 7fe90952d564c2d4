package org.streamgate.platform.config;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mindrot.jbcrypt.BCrypt;
import org.streamgate.common.production.DeploymentMode;
import org.streamgate.common.production.SecretPolicy;
import org.streamgate.common.production.SecretProblem;
import org.streamgate.platform.http.Cidr;

/**
 * Everything the platform reads from its environment, validated once at start. Environment variable names are
 * mapped here and nowhere else; every error names its key. {@link #toString()} masks secrets.
 *
 * @param adminPasswordHash bcrypt hash of the admin password (from {@code ADMIN_PASSWORD_HASH}, its file, or the
 *                          dev {@code ADMIN_PASSWORD} hashed at start); {@code null} disables password login
 * @param devAdminPassword  the plain dev password, only to print it once at start in dev mode; else {@code null}
 */
public record PlatformConfig(int port,
                             Path dataDir,
                             String databaseUrl,
                             String signingSecret,
                             String signingSecretPrevious,
                             Duration tokenTtl,
                             String internalApiKey,
                             String adminApiToken,
                             String adminPasswordHash,
                             String devAdminPassword,
                             String hlsServerBaseUrl,
                             List<URI> transcoderUrls,
                             String transcoderInputUrlTemplate,
                             int rtmpPort,
                             String rtmpPublicUrl,
                             Duration sessionTimeout,
                             String appName,
                             List<Cidr> trustedProxies,
                             String corsAllowedOrigin,
                             boolean production,
                             boolean demo,
                             int validateRatePerMinute,
                             Duration publishGrace,
                             Duration publisherStaleAfter,
                             int loginMaxFailures,
                             Duration loginLockout,
                             Duration adminSessionTtl,
                             long uploadMaxBytes,
                             String ffprobePath,
                             int rtmpHookPort) {

    public static final int DEFAULT_PORT = 3000;
    public static final long DEFAULT_TOKEN_TTL_SECONDS = 600;
    public static final long DEFAULT_SESSION_TIMEOUT_SECONDS = 60;
    public static final int DEFAULT_RTMP_PORT = 1935;
    public static final String DEFAULT_HLS_SERVER_BASE_URL = "http://localhost:4000";
    public static final String DEFAULT_TRANSCODER_URL = "http://127.0.0.1:5000";
    public static final String DEFAULT_TRANSCODER_INPUT_URL = "rtmp://127.0.0.1:{rtmpPort}/live/{streamKey}";
    public static final String DEFAULT_RTMP_PUBLIC_URL = "rtmp://localhost:{rtmpPort}/live";
    public static final int DEFAULT_VALIDATE_RATE_PER_MINUTE = 30;
    public static final long DEFAULT_PUBLISH_GRACE_HOURS = 6;
    /** Three of ingest's default 30 s on_update intervals. */
    public static final long DEFAULT_PUBLISHER_STALE_SECONDS = 90;
    public static final int DEFAULT_LOGIN_MAX_FAILURES = 5;
    public static final long DEFAULT_LOGIN_LOCKOUT_SECONDS = 900;
    public static final long DEFAULT_ADMIN_SESSION_HOURS = 12;
    public static final long DEFAULT_UPLOAD_MAX_SIZE_MB = 10 * 1024;

    public static PlatformConfig from(Map<String, String> env) {
        Reader r = new Reader(env);
        boolean production = deploymentMode(env).isProduction();
        int port = r.has("PORT") ? r.port("PORT", DEFAULT_PORT) : r.port("PLATFORM_PORT", DEFAULT_PORT);
        Path dataDir = Path.of(r.string("STREAMGATE_DATA_DIR", "./data")).toAbsolutePath().normalize();
        String databaseUrl = r.string("DATABASE_URL", null);
        if (production && databaseUrl == null) {
            throw new ConfigException("DATABASE_URL", "is required when STREAMGATE_ENV=production");
        }
        String signing = r.secret("PLAYBACK_SIGNING_SECRET", true, production);
        String signingPrevious = r.secret("PLAYBACK_SIGNING_SECRET_PREVIOUS", false, production);
        String internalKey = r.secret("INTERNAL_API_KEY", true, production);
        String adminToken = r.secret("ADMIN_API_TOKEN", false, production);

        String hash = r.string("ADMIN_PASSWORD_HASH", null);
        String devPassword = null;
        if (hash == null && r.has("ADMIN_PASSWORD_HASH_FILE")) {
            Path file = Path.of(r.string("ADMIN_PASSWORD_HASH_FILE", null));
            try {
                hash = Files.readString(file).trim();
            } catch (IOException e) {
                throw new ConfigException("ADMIN_PASSWORD_HASH_FILE", "cannot read " + file + ": " + e.getMessage());
            }
        }
        if (hash != null) {
            if (!hash.matches("\\$2[abxy]?\\$\\d{2}\\$[./A-Za-z0-9]{53}")) {
                throw new ConfigException(r.has("ADMIN_PASSWORD_HASH") ? "ADMIN_PASSWORD_HASH" : "ADMIN_PASSWORD_HASH_FILE",
                        "is not a bcrypt hash");
            }
            if (hash.startsWith("$2y$")) {
                hash = "$2a$" + hash.substring(4); // same algorithm; jBCrypt knows the 2a spelling
            }
        } else if (r.has("ADMIN_PASSWORD")) {
            if (production) {
                throw new ConfigException("ADMIN_PASSWORD", "plain passwords are for development; set ADMIN_PASSWORD_HASH");
            }
            devPassword = r.string("ADMIN_PASSWORD", null);
            hash = BCrypt.hashpw(devPassword, BCrypt.gensalt(10));
        } else if (production) {
            throw new ConfigException("ADMIN_PASSWORD_HASH", "is required when STREAMGATE_ENV=production");
        }

        int rtmpPort = r.port("RTMP_PORT", DEFAULT_RTMP_PORT);
        String hlsBase = stripSlash(r.url("HLS_SERVER_BASE_URL", DEFAULT_HLS_SERVER_BASE_URL));
        List<URI> transcoders = new ArrayList<>();
        for (String part : r.string("TRANSCODER_URL", DEFAULT_TRANSCODER_URL).split(",")) {
            if (!part.isBlank()) {
                transcoders.add(URI.create(stripSlash(Reader.checkUrl("TRANSCODER_URL", part.trim()))));
            }
        }
        if (transcoders.isEmpty()) {
            throw new ConfigException("TRANSCODER_URL", "needs at least one URL");
        }
        String inputTemplate = r.string("TRANSCODER_INPUT_URL", DEFAULT_TRANSCODER_INPUT_URL)
                .replace("{rtmpPort}", Integer.toString(rtmpPort));
        if (!inputTemplate.contains("{streamKey}")) {
            throw new ConfigException("TRANSCODER_INPUT_URL", "must contain {streamKey}");
        }
        String rtmpPublic = stripSlash(r.string("RTMP_PUBLIC_URL", DEFAULT_RTMP_PUBLIC_URL)
                .replace("{rtmpPort}", Integer.toString(rtmpPort)));

        List<Cidr> proxies = new ArrayList<>();
        String proxiesText = r.string("TRUSTED_PROXIES", "");
        for (String part : proxiesText.split(",")) {
            if (!part.isBlank()) {
                try {
                    proxies.add(Cidr.parse(part));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("TRUSTED_PROXIES", e.getMessage());
                }
            }
        }
        return new PlatformConfig(
                port,
                dataDir,
                databaseUrl,
                signing,
                signingPrevious,
                Duration.ofSeconds(r.positiveLong("PLAYBACK_TOKEN_TTL_SECONDS", DEFAULT_TOKEN_TTL_SECONDS)),
                internalKey,
                adminToken,
                hash,
                devPassword,
                hlsBase,
                List.copyOf(transcoders),
                inputTemplate,
                rtmpPort,
                rtmpPublic,
                Duration.ofSeconds(r.positiveLong("SESSION_TIMEOUT_SECONDS", DEFAULT_SESSION_TIMEOUT_SECONDS)),
                r.string("APP_NAME", "StreamGate"),
                List.copyOf(proxies),
                r.string("CORS_ALLOWED_ORIGIN", null),
                production,
                Boolean.parseBoolean(r.string("STREAMGATE_DEMO", "false")),
                (int) r.positiveLong("VALIDATE_RATE_LIMIT_PER_MINUTE", DEFAULT_VALIDATE_RATE_PER_MINUTE),
                Duration.ofHours(r.positiveLong("PUBLISH_GRACE_HOURS", DEFAULT_PUBLISH_GRACE_HOURS)),
                Duration.ofSeconds(r.positiveLong("PUBLISHER_STALE_SECONDS", DEFAULT_PUBLISHER_STALE_SECONDS)),
                (int) r.positiveLong("ADMIN_LOGIN_MAX_FAILURES", DEFAULT_LOGIN_MAX_FAILURES),
                Duration.ofSeconds(r.positiveLong("ADMIN_LOGIN_LOCKOUT_SECONDS", DEFAULT_LOGIN_LOCKOUT_SECONDS)),
                Duration.ofHours(r.positiveLong("ADMIN_SESSION_HOURS", DEFAULT_ADMIN_SESSION_HOURS)),
                r.positiveLong("UPLOAD_MAX_SIZE_MB", DEFAULT_UPLOAD_MAX_SIZE_MB) * 1024 * 1024,
                org.streamgate.platform.vod.MediaProbe.locate(r.string("FFPROBE_PATH", null), r.string("FFMPEG_PATH", null)),
                r.has("RTMP_HOOK_PORT") ? r.port("RTMP_HOOK_PORT", 0) : 0);
    }

    /** {@code STREAMGATE_ENV}, with a bad value reported like every other bad setting. */
    public static DeploymentMode deploymentMode(Map<String, String> env) {
        try {
            return DeploymentMode.from(env);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(DeploymentMode.KEY, "must be production or development");
        }
    }

    /** The OBS "Server" setting. */
    public String rtmpUrl() {
        return rtmpPublicUrl;
    }

    public String transcoderInputUrl(String streamKey) {
        return transcoderInputUrlTemplate.replace("{streamKey}", streamKey);
    }

    public Path uploadDir() {
        return dataDir.resolve("uploads");
    }

    public Path postgresDir() {
        return dataDir.resolve("postgres");
    }

    @Override
    public String toString() {
        return "PlatformConfig[port=" + port
                + ", dataDir=" + dataDir
                + ", database=" + (databaseUrl == null ? "embedded" : maskUrl(databaseUrl))
                + ", signingSecret=****" + (signingSecretPrevious == null ? "" : ", signingSecretPrevious=****")
                + ", tokenTtl=" + tokenTtl.toSeconds() + "s"
                + ", internalApiKey=****"
                + ", adminApiToken=" + (adminApiToken == null ? "unset" : "****")
                + ", adminPassword=" + (adminPasswordHash == null ? "unset" : "****")
                + ", hlsServerBaseUrl=" + hlsServerBaseUrl
                + ", transcoderUrls=" + transcoderUrls
                + ", transcoderInputUrl=" + transcoderInputUrlTemplate
                + ", rtmpPublicUrl=" + rtmpPublicUrl
                + ", sessionTimeout=" + sessionTimeout.toSeconds() + "s"
                + ", appName=" + appName
                + ", trustedProxies=" + trustedProxies
                + ", corsAllowedOrigin=" + corsAllowedOrigin
                + ", production=" + production
                + ", demo=" + demo
                + ", validateRatePerMinute=" + validateRatePerMinute
                + "]";
    }

    static String maskUrl(String url) {
        return url.replaceAll("//([^:/@]+):[^@]*@", "//$1:****@").replaceAll("(?i)(password=)[^&]*", "$1****");
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** Reads values by key; blank counts as absent. */
    private record Reader(Map<String, String> env) {

        boolean has(String key) {
            String v = env.get(key);
            return v != null && !v.isBlank();
        }

        String string(String key, String fallback) {
            return has(key) ? env.get(key).trim() : fallback;
        }

        /** 0 means any free port (tests). */
        int port(String key, int fallback) {
            long v = "0".equals(string(key, "")) ? 0 : positiveLong(key, fallback);
            if (v > 65535) {
                throw new ConfigException(key, "must be a port number, got " + v);
            }
            return (int) v;
        }

        long positiveLong(String key, long fallback) {
            if (!has(key)) {
                return fallback;
            }
            try {
                long v = Long.parseLong(env.get(key).trim());
                if (v <= 0) {
                    throw new ConfigException(key, "must be positive, got " + v);
                }
                return v;
            } catch (NumberFormatException e) {
                throw new ConfigException(key, "must be a number, got '" + env.get(key) + "'");
            }
        }

        String url(String key, String fallback) {
            return checkUrl(key, string(key, fallback));
        }

        static String checkUrl(String key, String v) {
            String lower = v.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
                throw new ConfigException(key, "must be an http(s) URL, got '" + v + "'");
            }
            try {
                URI.create(v);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key, "is not a valid URL");
            }
            return v;
        }

        /**
         * Production applies the shared {@link SecretPolicy} to every secret that is set; development only keeps the
         * HMAC keys at their minimum length (its own generated secrets pass both). Values are never echoed.
         */
        String secret(String key, boolean required, boolean production) {
            String v = string(key, null);
            if (v == null) {
                if (required) {
                    throw new ConfigException(key, production
                            ? SecretProblem.MISSING.reason()
                            : "is required (in development it is generated into <data dir>/dev.env)");
                }
                return null;
            }
            if (production) {
                SecretPolicy.productionProblem(v).ifPresent(problem -> {
                    throw new ConfigException(key, problem.reason());
                });
            } else if (key.startsWith("PLAYBACK_SIGNING_SECRET") && !SecretPolicy.isLongEnough(v)) {
                throw new ConfigException(key, SecretProblem.TOO_SHORT.reason());
            }
            return v;
        }
    }
}
