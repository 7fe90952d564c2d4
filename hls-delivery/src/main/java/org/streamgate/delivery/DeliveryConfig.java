package org.streamgate.delivery;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.streamgate.common.production.DeploymentMode;
import org.streamgate.common.production.SecretPolicy;
import org.streamgate.common.production.SecretProblem;

/**
 * Everything hls-delivery reads from its environment (DESIGN §4), validated once at start. Every error names the
 * environment key. {@link #toString()} masks secrets, so the record can be logged.
 *
 * @param port                      {@code PORT}, else {@code DELIVERY_PORT}
 * @param mode                      {@code DELIVERY_MODE}
 * @param streamRoot                {@code STREAM_ROOT}; required for local and hybrid
 * @param signingSecret             {@code PLAYBACK_SIGNING_SECRET}
 * @param previousSigningSecret     {@code PLAYBACK_SIGNING_SECRET_PREVIOUS}, may be empty
 * @param tokenLeeway               {@code TOKEN_LEEWAY_SECONDS}
 * @param tokenTtl                  {@code PLAYBACK_TOKEN_TTL_SECONDS}: the longest a token lives; revocations are kept
 *                                  this long after they happen
 * @param tokenCacheMaxEntries      {@code TOKEN_CACHE_MAX_ENTRIES}
 * @param corsAllowedOrigin         {@code CORS_ALLOWED_ORIGIN}, empty for no CORS headers
 * @param upstreamOrigin            {@code UPSTREAM_ORIGIN}; required for proxy and hybrid
 * @param upstreamTimeout           {@code UPSTREAM_TIMEOUT_MS}
 * @param upstreamForwardToken      {@code UPSTREAM_FORWARD_TOKEN}: send the admitting viewer's token upstream as
 *                                  {@code Authorization: Bearer}, for an origin that is itself a StreamGate
 *                                  hls-delivery; off by default, so object storage and plain file servers never see
 *                                  viewer tokens
 * @param segmentCacheRoot          {@code SEGMENT_CACHE_ROOT}; required for proxy and hybrid
 * @param segmentCacheMaxBytes      {@code SEGMENT_CACHE_MAX_SIZE_GB}
 * @param segmentCacheMaxAge        {@code SEGMENT_CACHE_MAX_AGE_HOURS}
 * @param platformUrl               {@code PLATFORM_APP_URL}; empty switches revocation sync off (dev only)
 * @param internalApiKey            {@code INTERNAL_API_KEY}; required when {@code platformUrl} is set
 * @param revocationPollInterval    {@code REVOCATION_POLL_INTERVAL_MS}
 * @param revocationMaxStaleness    {@code REVOCATION_MAX_STALENESS_MS}: /health turns 503 past this sync age
 * @param revocationFailMode        {@code REVOCATION_FAIL_MODE}
 * @param hotFileCacheBytes         {@code HOT_FILE_CACHE_MB}: files under {@code STREAM_ROOT} and those complete in the
 *                                  proxy's segment cache, held in memory; 0 for none
 * @param accelRedirectPrefix       {@code ACCEL_REDIRECT_PREFIX}: behind nginx, segments found under {@code STREAM_ROOT}
 *                                  are answered with an empty body and {@code X-Accel-Redirect: <prefix><path>}, and
 *                                  nginx sends the file from its {@code internal} location with this prefix; empty
 *                                  (the default) serves every byte from Java
 * @param deploymentMode            {@code STREAMGATE_ENV}: production applies the shared {@link SecretPolicy} to every
 *                                  secret and requires revocation sync ({@code PLATFORM_APP_URL})
 */
public record DeliveryConfig(int port,
                             Mode mode,
                             Optional<Path> streamRoot,
                             String signingSecret,
                             String previousSigningSecret,
                             Duration tokenLeeway,
                             Duration tokenTtl,
                             int tokenCacheMaxEntries,
                             String corsAllowedOrigin,
                             Optional<URI> upstreamOrigin,
                             Duration upstreamTimeout,
                             boolean upstreamForwardToken,
                             Optional<Path> segmentCacheRoot,
                             long segmentCacheMaxBytes,
                             Duration segmentCacheMaxAge,
                             Optional<URI> platformUrl,
                             String internalApiKey,
                             Duration revocationPollInterval,
                             Duration revocationMaxStaleness,
                             FailMode revocationFailMode,
                             long hotFileCacheBytes,
                             String accelRedirectPrefix,
                             DeploymentMode deploymentMode) {

    public static final int DEFAULT_PORT = 4000;
    public static final long DEFAULT_TOKEN_LEEWAY_SECONDS = 5;
    public static final long DEFAULT_TOKEN_TTL_SECONDS = 600;
    public static final int DEFAULT_TOKEN_CACHE_MAX_ENTRIES = 50_000;
    public static final long DEFAULT_UPSTREAM_TIMEOUT_MS = 10_000;
    public static final double DEFAULT_SEGMENT_CACHE_MAX_SIZE_GB = 10;
    public static final double DEFAULT_SEGMENT_CACHE_MAX_AGE_HOURS = 72;
    public static final long DEFAULT_REVOCATION_POLL_INTERVAL_MS = 30_000;
    /** Three missed polls. */
    public static final long DEFAULT_REVOCATION_MAX_STALENESS_MS = 3 * DEFAULT_REVOCATION_POLL_INTERVAL_MS;
    /** The newest segments and playlists of a few live events; heap the service is started with must hold it. */
    public static final long DEFAULT_HOT_FILE_CACHE_MB = 128;

    private static final long BYTES_PER_GB = 1L << 30;
    /** What an {@code ACCEL_REDIRECT_PREFIX} may contain between its slashes: a plain nginx location prefix. */
    private static final Pattern ACCEL_PREFIX = Pattern.compile("/([A-Za-z0-9._~-]+/)+");

    /** Where files come from (DESIGN §3.4). */
    public enum Mode {
        LOCAL, PROXY, HYBRID;

        public boolean usesLocal() {
            return this != PROXY;
        }

        public boolean usesUpstream() {
            return this != LOCAL;
        }
    }

    /**
     * What a node does before its first successful revocation sync: {@code CLOSED} answers 503, {@code OPEN} serves
     * without revocation checks. After the first sync the node always serves with the last known state.
     */
    public enum FailMode {
        CLOSED, OPEN
    }

    /** @throws IllegalArgumentException listing every bad key */
    public static DeliveryConfig from(Map<String, String> env) {
        Reader r = new Reader(env);
        DeploymentMode deployment = r.deploymentMode();
        int port = r.port();
        Mode mode = r.enumValue("DELIVERY_MODE", Mode.class, Mode.LOCAL);
        Optional<Path> streamRoot = r.directory("STREAM_ROOT", mode.usesLocal(), false);
        String secret = r.secret("PLAYBACK_SIGNING_SECRET", true);
        String previous = r.secret("PLAYBACK_SIGNING_SECRET_PREVIOUS", false);
        Duration leeway = Duration.ofSeconds(r.longValue("TOKEN_LEEWAY_SECONDS", DEFAULT_TOKEN_LEEWAY_SECONDS, 0, 300));
        Duration ttl = Duration.ofSeconds(r.longValue("PLAYBACK_TOKEN_TTL_SECONDS", DEFAULT_TOKEN_TTL_SECONDS, 1, 86_400));
        int cacheEntries = (int) r.longValue("TOKEN_CACHE_MAX_ENTRIES", DEFAULT_TOKEN_CACHE_MAX_ENTRIES, 0, 10_000_000);
        String cors = r.string("CORS_ALLOWED_ORIGIN");
        Optional<URI> upstream = r.httpUrl("UPSTREAM_ORIGIN", mode.usesUpstream());
        Duration upstreamTimeout = Duration.ofMillis(r.longValue("UPSTREAM_TIMEOUT_MS", DEFAULT_UPSTREAM_TIMEOUT_MS, 100, 600_000));
        boolean forwardToken = r.booleanValue("UPSTREAM_FORWARD_TOKEN", false);
        if (forwardToken && !mode.usesUpstream()) {
            r.error("UPSTREAM_FORWARD_TOKEN", "only applies to DELIVERY_MODE proxy or hybrid, but the mode is "
                    + mode.name().toLowerCase(Locale.ROOT));
        }
        Optional<Path> cacheRoot = r.directory("SEGMENT_CACHE_ROOT", mode.usesUpstream(), true);
        long cacheBytes = (long) (r.doubleValue("SEGMENT_CACHE_MAX_SIZE_GB", DEFAULT_SEGMENT_CACHE_MAX_SIZE_GB) * BYTES_PER_GB);
        Duration cacheAge = Duration.ofSeconds((long) (r.doubleValue("SEGMENT_CACHE_MAX_AGE_HOURS", DEFAULT_SEGMENT_CACHE_MAX_AGE_HOURS) * 3600));
        // Without the revocation feed nothing is ever revoked: a development convenience only.
        Optional<URI> platform = r.httpUrl("PLATFORM_APP_URL", deployment.isProduction());
        String internalKey = r.secret("INTERNAL_API_KEY", platform.isPresent() || deployment.isProduction());
        Duration poll = Duration.ofMillis(r.longValue("REVOCATION_POLL_INTERVAL_MS", DEFAULT_REVOCATION_POLL_INTERVAL_MS, 50, 3_600_000));
        Duration staleness = Duration.ofMillis(r.longValue("REVOCATION_MAX_STALENESS_MS",
                Math.max(DEFAULT_REVOCATION_MAX_STALENESS_MS, 3 * poll.toMillis()), 100, 86_400_000));
        FailMode failMode = r.enumValue("REVOCATION_FAIL_MODE", FailMode.class, FailMode.CLOSED);
        long hotFileCacheBytes = r.longValue("HOT_FILE_CACHE_MB", DEFAULT_HOT_FILE_CACHE_MB, 0, 1_048_576) << 20;
        String accelPrefix = r.string("ACCEL_REDIRECT_PREFIX");
        if (!accelPrefix.isEmpty()) {
            if (!ACCEL_PREFIX.matcher(accelPrefix).matches() || accelPrefix.contains("..")) {
                r.error("ACCEL_REDIRECT_PREFIX", "must start and end with '/', contain no '..' and only letters, digits"
                        + " and ._~- between the slashes (e.g. /_streamgate_files/), was '" + accelPrefix + "'");
            } else if (!mode.usesLocal()) {
                r.error("ACCEL_REDIRECT_PREFIX", "only applies to DELIVERY_MODE local or hybrid (files under STREAM_ROOT),"
                        + " but the mode is " + mode.name().toLowerCase(Locale.ROOT));
            }
        }
        if (staleness.compareTo(poll) <= 0) {
            r.error("REVOCATION_MAX_STALENESS_MS", "must be longer than REVOCATION_POLL_INTERVAL_MS (" + poll.toMillis() + ")");
        }
        r.throwIfErrors();
        return new DeliveryConfig(port, mode, streamRoot, secret, previous, leeway, ttl, cacheEntries, cors,
                upstream, upstreamTimeout, forwardToken, cacheRoot, cacheBytes, cacheAge, platform, internalKey, poll, staleness,
                failMode, hotFileCacheBytes, accelPrefix, deployment);
    }

    /** Segments under {@code STREAM_ROOT} are handed to nginx with {@code X-Accel-Redirect}. */
    public boolean accelRedirectEnabled() {
        return !accelRedirectPrefix.isEmpty();
    }

    public boolean revocationSyncEnabled() {
        return platformUrl.isPresent();
    }

    @Override
    public String toString() {
        return "DeliveryConfig[port=" + port
                + ", mode=" + mode.name().toLowerCase(Locale.ROOT)
                + ", streamRoot=" + streamRoot.map(Path::toString).orElse("-")
                + ", signingSecret=****"
                + ", previousSigningSecret=" + (previousSigningSecret.isEmpty() ? "-" : "****")
                + ", tokenLeeway=" + tokenLeeway.toSeconds() + "s"
                + ", tokenTtl=" + tokenTtl.toSeconds() + "s"
                + ", tokenCacheMaxEntries=" + tokenCacheMaxEntries
                + ", corsAllowedOrigin=" + (corsAllowedOrigin.isEmpty() ? "-" : corsAllowedOrigin)
                + ", upstreamOrigin=" + upstreamOrigin.map(URI::toString).orElse("-")
                + ", upstreamTimeout=" + upstreamTimeout.toMillis() + "ms"
                + ", upstreamForwardToken=" + upstreamForwardToken
                + ", segmentCacheRoot=" + segmentCacheRoot.map(Path::toString).orElse("-")
                + ", segmentCacheMaxBytes=" + segmentCacheMaxBytes
                + ", segmentCacheMaxAge=" + segmentCacheMaxAge.toSeconds() + "s"
                + ", platformUrl=" + platformUrl.map(URI::toString).orElse("- (revocation sync off)")
                + ", internalApiKey=" + (internalApiKey.isEmpty() ? "-" : "****")
                + ", revocationPollInterval=" + revocationPollInterval.toMillis() + "ms"
                + ", revocationMaxStaleness=" + revocationMaxStaleness.toMillis() + "ms"
                + ", revocationFailMode=" + revocationFailMode.name().toLowerCase(Locale.ROOT)
                + ", hotFileCacheBytes=" + hotFileCacheBytes
                + ", accelRedirectPrefix=" + (accelRedirectPrefix.isEmpty() ? "- (off)" : accelRedirectPrefix)
                + ", deploymentMode=" + deploymentMode.name().toLowerCase(Locale.ROOT)
                + "]";
    }

    /** Reads keys and collects every problem, so one start reports all of them. */
    private static final class Reader {
        private final Map<String, String> env;
        private final List<String> errors = new ArrayList<>();
        private DeploymentMode deploymentMode = DeploymentMode.DEVELOPMENT;

        Reader(Map<String, String> env) {
            this.env = env;
        }

        /** Read first: it decides how {@link #secret} and {@link #httpUrl} judge the rest. */
        DeploymentMode deploymentMode() {
            try {
                deploymentMode = DeploymentMode.from(env);
            } catch (IllegalArgumentException e) {
                error(DeploymentMode.KEY, "must be production or development, was '" + string(DeploymentMode.KEY) + "'");
            }
            return deploymentMode;
        }

        String string(String key) {
            String value = env.get(key);
            return value == null ? "" : value.trim();
        }

        void error(String key, String problem) {
            errors.add(key + " " + problem);
        }

        void throwIfErrors() {
            if (!errors.isEmpty()) {
                throw new IllegalArgumentException("invalid configuration: " + String.join("; ", errors));
            }
        }

        int port() {
            String key = string("PORT").isEmpty() && !string("DELIVERY_PORT").isEmpty() ? "DELIVERY_PORT" : "PORT";
            return (int) longValue(key, DEFAULT_PORT, 0, 65_535);
        }

        long longValue(String key, long fallback, long min, long max) {
            String value = string(key);
            if (value.isEmpty()) {
                return fallback;
            }
            try {
                long parsed = Long.parseLong(value);
                if (parsed < min || parsed > max) {
                    error(key, "must be between " + min + " and " + max + ", was " + value);
                    return fallback;
                }
                return parsed;
            } catch (NumberFormatException e) {
                error(key, "must be a whole number, was '" + value + "'");
                return fallback;
            }
        }

        /** {@code true} or {@code false}, any case; anything else is an error rather than a guess. */
        boolean booleanValue(String key, boolean fallback) {
            String value = string(key);
            if (value.isEmpty()) {
                return fallback;
            }
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> {
                    error(key, "must be true or false, was '" + value + "'");
                    yield fallback;
                }
            };
        }

        double doubleValue(String key, double fallback) {
            String value = string(key);
            if (value.isEmpty()) {
                return fallback;
            }
            try {
                double parsed = Double.parseDouble(value);
                if (!(parsed > 0) || Double.isInfinite(parsed)) {
                    error(key, "must be a positive number, was " + value);
                    return fallback;
                }
                return parsed;
            } catch (NumberFormatException e) {
                error(key, "must be a number, was '" + value + "'");
                return fallback;
            }
        }

        <E extends Enum<E>> E enumValue(String key, Class<E> type, E fallback) {
            String value = string(key);
            if (value.isEmpty()) {
                return fallback;
            }
            try {
                return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                List<String> allowed = new ArrayList<>();
                for (E constant : type.getEnumConstants()) {
                    allowed.add(constant.name().toLowerCase(Locale.ROOT));
                }
                error(key, "must be one of " + String.join("|", allowed) + ", was '" + value + "'");
                return fallback;
            }
        }

        /**
         * Secrets are never echoed. Production applies the shared {@link SecretPolicy}; development only keeps the
         * HMAC keys at their minimum length.
         */
        String secret(String key, boolean required) {
            String value = env.get(key) == null ? "" : env.get(key);
            if (value.isEmpty()) {
                if (required) {
                    error(key, deploymentMode.isProduction() ? SecretProblem.MISSING.reason() : "is required");
                }
                return "";
            }
            if (deploymentMode.isProduction()) {
                SecretPolicy.productionProblem(value).ifPresent(problem -> error(key, problem.reason()));
            } else if (key.startsWith("PLAYBACK_SIGNING") && !SecretPolicy.isLongEnough(value)) {
                error(key, SecretProblem.TOO_SHORT.reason());
            }
            return value;
        }

        Optional<URI> httpUrl(String key, boolean required) {
            String value = string(key);
            if (value.isEmpty()) {
                if (required) {
                    error(key, "PLATFORM_APP_URL".equals(key) ? "is required when STREAMGATE_ENV=production (revocation sync)"
                            : "is required in this DELIVERY_MODE");
                }
                return Optional.empty();
            }
            try {
                URI uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    error(key, "must be an http(s) URL, was '" + value + "'");
                    return Optional.empty();
                }
                return Optional.of(uri);
            } catch (IllegalArgumentException e) {
                error(key, "must be a URL, was '" + value + "'");
                return Optional.empty();
            }
        }

        Optional<Path> directory(String key, boolean required, boolean create) {
            String value = string(key);
            if (value.isEmpty()) {
                if (required) {
                    error(key, "is required in this DELIVERY_MODE");
                }
                return Optional.empty();
            }
            Path path = Path.of(value).toAbsolutePath().normalize();
            try {
                if (create) {
                    Files.createDirectories(path);
                }
            } catch (Exception e) {
                error(key, "cannot be created: " + path);
                return Optional.empty();
            }
            if (!Files.isDirectory(path)) {
                error(key, "must be an existing directory, was " + path);
                return Optional.empty();
            }
            return Optional.of(path);
        }
    }
}
