package org.streamgate.ingest;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.streamgate.common.internalapi.InternalApiKey;
import org.streamgate.common.production.DeploymentMode;
import org.streamgate.common.production.SecretPolicy;

/**
 * Ingest configuration, read once from the environment (DESIGN §4) and validated at start.
 * Every error names the environment key it came from.
 *
 * @param rtmpPort          RTMP listen port ({@code RTMP_PORT})
 * @param httpPort          health/metrics port ({@code INGEST_HTTP_PORT}, else {@code PORT})
 * @param onPublishUrl      nginx-rtmp {@code on_publish} callback; empty = allow every publisher (dev only)
 * @param onPublishDoneUrl  nginx-rtmp {@code on_publish_done} callback; empty = not sent
 * @param hookTimeout       how long ingest waits for the publish callback before rejecting
 * @param playAllow         remote addresses that may play (pull) streams, exact textual IPs
 * @param silenceTimeout    a publisher that sends no media for this long is disconnected
 *                          ({@code PUBLISHER_SILENCE_TIMEOUT_SECONDS})
 * @param maxConnections    open RTMP connections (any state) beyond which new ones are closed at once
 *                          ({@code MAX_CONNECTIONS})
 * @param maxPublishers     concurrent publishers beyond which {@code publish} is refused ({@code MAX_PUBLISHERS})
 * @param handshakeTimeout  a connection that has not completed the RTMP handshake by then is closed
 *                          ({@code HANDSHAKE_TIMEOUT_MS})
 * @param maxMessageBytes   largest RTMP message accepted; larger ones close the connection
 *                          ({@code RTMP_MAX_MESSAGE_BYTES})
 * @param onUpdateUrl       nginx-rtmp {@code on_update} callback for publishers ({@code ON_UPDATE_URL}); empty = none
 * @param updateInterval    nginx-rtmp {@code notify_update_timeout} ({@code NOTIFY_UPDATE_TIMEOUT_SECONDS})
 * @param updateStrict      nginx-rtmp {@code notify_update_strict}: only 2xx keeps a publisher
 *                          ({@code NOTIFY_UPDATE_STRICT}, true/false)
 * @param deploymentMode    {@code STREAMGATE_ENV}: production requires {@code ON_PUBLISH_URL}, and the internal key
 *                          ({@code ?key=}) in every callback URL must pass the shared {@link SecretPolicy}
 */
public record IngestConfig(int rtmpPort,
                           int httpPort,
                           Optional<URI> onPublishUrl,
                           Optional<URI> onPublishDoneUrl,
                           Duration hookTimeout,
                           List<String> playAllow,
                           Duration silenceTimeout,
                           int maxConnections,
                           int maxPublishers,
                           Duration handshakeTimeout,
                           int maxMessageBytes,
                           Optional<URI> onUpdateUrl,
                           Duration updateInterval,
                           boolean updateStrict,
                           DeploymentMode deploymentMode) {

    public static final int DEFAULT_RTMP_PORT = 1935;
    public static final int DEFAULT_HTTP_PORT = 5080;
    public static final long DEFAULT_HOOK_TIMEOUT_MS = 10_000;
    public static final String DEFAULT_PLAY_ALLOW = "127.0.0.1,::1";
    public static final int DEFAULT_PUBLISHER_SILENCE_TIMEOUT_SECONDS = 10;
    public static final int DEFAULT_MAX_CONNECTIONS = 1000;
    public static final int DEFAULT_MAX_PUBLISHERS = 100;
    public static final int DEFAULT_HANDSHAKE_TIMEOUT_MS = 5000;
    /** nginx-rtmp's {@code max_message} default is 1 MiB; a 4K key frame can be bigger. */
    public static final int DEFAULT_RTMP_MAX_MESSAGE_BYTES = 3 * 1024 * 1024;
    /** nginx-rtmp's {@code notify_update_timeout} default. */
    public static final int DEFAULT_NOTIFY_UPDATE_TIMEOUT_SECONDS = 30;

    public IngestConfig {
        requirePort("RTMP_PORT", rtmpPort);
        requirePort("INGEST_HTTP_PORT", httpPort);
        if (rtmpPort != 0 && rtmpPort == httpPort) {
            throw new IllegalArgumentException("RTMP_PORT and INGEST_HTTP_PORT must differ, both are " + rtmpPort);
        }
        if (hookTimeout == null || hookTimeout.isNegative() || hookTimeout.isZero()) {
            throw new IllegalArgumentException("HOOK_TIMEOUT_MS must be > 0, got " + hookTimeout);
        }
        requirePositive("PUBLISHER_SILENCE_TIMEOUT_SECONDS", silenceTimeout);
        requirePositive("HANDSHAKE_TIMEOUT_MS", handshakeTimeout);
        requirePositive("NOTIFY_UPDATE_TIMEOUT_SECONDS", updateInterval);
        onUpdateUrl = onUpdateUrl == null ? Optional.empty() : onUpdateUrl;
        requireAtLeast("MAX_CONNECTIONS", maxConnections, 1);
        requireAtLeast("MAX_PUBLISHERS", maxPublishers, 1);
        requireAtLeast("RTMP_MAX_MESSAGE_BYTES", maxMessageBytes, 64 * 1024);
        if (maxPublishers > maxConnections) {
            throw new IllegalArgumentException("MAX_PUBLISHERS (" + maxPublishers + ") must not exceed MAX_CONNECTIONS ("
                    + maxConnections + ")");
        }
        playAllow = List.copyOf(playAllow);
        onPublishUrl = onPublishUrl == null ? Optional.empty() : onPublishUrl;
        onPublishDoneUrl = onPublishDoneUrl == null ? Optional.empty() : onPublishDoneUrl;
        deploymentMode = deploymentMode == null ? DeploymentMode.DEVELOPMENT : deploymentMode;
        if (deploymentMode.isProduction()) {
            if (onPublishUrl.isEmpty()) {
                throw new IllegalArgumentException("ON_PUBLISH_URL is required when STREAMGATE_ENV=production"
                        + " (without it every publisher is allowed)");
            }
            requireStrongKey("ON_PUBLISH_URL", onPublishUrl);
            requireStrongKey("ON_PUBLISH_DONE_URL", onPublishDoneUrl);
            requireStrongKey("ON_UPDATE_URL", onUpdateUrl);
        }
    }

    /** Reads the environment; throws {@link IllegalArgumentException} naming the bad key. */
    public static IngestConfig from(Map<String, String> env) {
        DeploymentMode deployment = DeploymentMode.from(env);
        int rtmpPort = intValue(env, "RTMP_PORT", DEFAULT_RTMP_PORT);
        String httpKey = blank(env.get("INGEST_HTTP_PORT")) && !blank(env.get("PORT")) ? "PORT" : "INGEST_HTTP_PORT";
        int httpPort = intValue(env, httpKey, DEFAULT_HTTP_PORT);
        if (httpKey.equals("PORT")) {
            requirePort("PORT", httpPort);
        }
        long timeoutMs = intValue(env, "HOOK_TIMEOUT_MS", (int) DEFAULT_HOOK_TIMEOUT_MS);
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("HOOK_TIMEOUT_MS must be > 0, got " + timeoutMs);
        }
        return new IngestConfig(rtmpPort, httpPort,
                url(env, "ON_PUBLISH_URL"), url(env, "ON_PUBLISH_DONE_URL"),
                Duration.ofMillis(timeoutMs), addresses(env, "INGEST_PLAY_ALLOW"),
                Duration.ofSeconds(intValue(env, "PUBLISHER_SILENCE_TIMEOUT_SECONDS",
                        DEFAULT_PUBLISHER_SILENCE_TIMEOUT_SECONDS)),
                intValue(env, "MAX_CONNECTIONS", DEFAULT_MAX_CONNECTIONS),
                intValue(env, "MAX_PUBLISHERS", DEFAULT_MAX_PUBLISHERS),
                Duration.ofMillis(intValue(env, "HANDSHAKE_TIMEOUT_MS", DEFAULT_HANDSHAKE_TIMEOUT_MS)),
                intValue(env, "RTMP_MAX_MESSAGE_BYTES", DEFAULT_RTMP_MAX_MESSAGE_BYTES),
                url(env, "ON_UPDATE_URL"),
                Duration.ofSeconds(intValue(env, "NOTIFY_UPDATE_TIMEOUT_SECONDS", DEFAULT_NOTIFY_UPDATE_TIMEOUT_SECONDS)),
                bool(env, "NOTIFY_UPDATE_STRICT"),
                deployment);
    }

    /** One line for the start-up log: hook URLs lose their query ({@code ?key=<INTERNAL_API_KEY>}). */
    public String masked() {
        return "rtmpPort=" + rtmpPort
                + " httpPort=" + httpPort
                + " onPublishUrl=" + onPublishUrl.map(IngestConfig::maskQuery).orElse("(none: every publisher allowed)")
                + " onPublishDoneUrl=" + onPublishDoneUrl.map(IngestConfig::maskQuery).orElse("(none)")
                + " hookTimeoutMs=" + hookTimeout.toMillis()
                + " playAllow=" + String.join(",", playAllow)
                + " silenceTimeoutS=" + silenceTimeout.toSeconds()
                + " maxConnections=" + maxConnections
                + " maxPublishers=" + maxPublishers
                + " handshakeTimeoutMs=" + handshakeTimeout.toMillis()
                + " maxMessageBytes=" + maxMessageBytes
                + " onUpdateUrl=" + onUpdateUrl.map(IngestConfig::maskQuery).orElse("(none)")
                + " updateIntervalS=" + updateInterval.toSeconds()
                + " updateStrict=" + updateStrict
                + " deploymentMode=" + deploymentMode.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return "IngestConfig[" + masked() + "]";
    }

    static String maskQuery(URI uri) {
        String s = uri.toString();
        int q = s.indexOf('?');
        return q < 0 ? s : s.substring(0, q) + "?***";
    }

    private static int intValue(Map<String, String> env, String key, int dflt) {
        String raw = env.get(key);
        if (blank(raw)) {
            return dflt;
        }
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, got '" + raw + "'");
        }
    }

    private static boolean bool(Map<String, String> env, String key) {
        String raw = env.get(key);
        if (blank(raw)) {
            return false;
        }
        return switch (raw.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "on", "1" -> true;
            case "false", "off", "0" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, got '" + raw + "'");
        };
    }

    private static Optional<URI> url(Map<String, String> env, String key) {
        String raw = env.get(key);
        if (blank(raw)) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(raw.trim());
            String scheme = uri.getScheme();
            if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || uri.getHost() == null) {
                throw new IllegalArgumentException(key + " must be an absolute http(s) URL, got " + maskQuery(uri));
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            // the raw value may carry the internal key in its query: do not echo it
            throw new IllegalArgumentException(key + " is not a valid URL (" + e.getReason() + ")");
        }
    }

    private static List<String> addresses(Map<String, String> env, String key) {
        String raw = env.getOrDefault(key, DEFAULT_PLAY_ALLOW);
        if (blank(raw)) {
            raw = DEFAULT_PLAY_ALLOW;
        }
        List<String> out = new ArrayList<>();
        for (String part : raw.split(",")) {
            String a = part.trim();
            if (a.isEmpty()) {
                continue;
            }
            if (!a.matches("[0-9A-Fa-f.:]+")) {
                throw new IllegalArgumentException(key + " must list IP addresses, got '" + a + "'");
            }
            out.add(a);
        }
        return out;
    }

    /**
     * The platform authorises callbacks by {@code ?key=<INTERNAL_API_KEY>} (DESIGN §3.6): that key is ingest's secret.
     * The message names the variable, never the URL, which carries the key.
     */
    private static void requireStrongKey(String key, Optional<URI> url) {
        if (url.isEmpty()) {
            return;
        }
        SecretPolicy.productionProblem(queryParam(url.get(), InternalApiKey.QUERY_PARAM)).ifPresent(problem -> {
            throw new IllegalArgumentException(key + " ?" + InternalApiKey.QUERY_PARAM + "= " + problem.reason());
        });
    }

    /** The first value of {@code name} in the URL's query, decoded; {@code null} if absent. */
    static String queryParam(URI url, String name) {
        String query = url.getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String param = eq < 0 ? pair : pair.substring(0, eq);
            if (param.equals(name)) {
                try {
                    return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException badEscape) {
                    return pair.substring(eq + 1);
                }
            }
        }
        return null;
    }

    private static void requirePort(String key, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(key + " must be a port 0..65535, got " + port);
        }
    }

    private static void requirePositive(String key, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be > 0, got " + d);
        }
    }

    private static void requireAtLeast(String key, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(key + " must be >= " + min + ", got " + value);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
