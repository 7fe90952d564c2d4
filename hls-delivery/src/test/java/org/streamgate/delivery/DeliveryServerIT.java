package org.streamgate.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real server as {@link DeliveryMain} starts it: features, observe endpoints, headers on the wire. */
class DeliveryServerIT {

    private static final TestStreams STREAMS = TestStreams.create();
    private static DeliveryServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = DeliveryServer.start(STREAMS.config());
    }

    @AfterAll
    static void stop() {
        server.close();
        STREAMS.delete();
    }

    private HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIsUpAndSaysRevocationSyncIsOff() throws Exception {
        HttpResponse<String> res = get("/health");
        assertEquals(200, res.statusCode(), res.body());
        assertTrue(res.body().contains("\"status\":\"UP\""), res.body());
        assertTrue(res.body().contains("PLATFORM_APP_URL not set"), res.body());
    }

    @Test
    void metricsArePrometheusText() throws Exception {
        get("/streams/ev1/720p/0.ts", "Authorization", "Bearer " + TestStreams.token("ev1"));
        HttpResponse<String> res = get("/metrics");
        assertEquals(200, res.statusCode());
        assertTrue(res.body().contains("delivery_requests_total{"), res.body());
        assertTrue(res.body().contains("delivery_token_cache_size"), res.body());
        assertFalse(res.body().contains(TestStreams.SECRET));
    }

    @Test
    void noWildcardCorsFromDiscoveredFeatures() throws Exception {
        HttpResponse<String> res = get("/streams/ev1/720p/0.ts", "Origin", "https://evil.example.com");
        assertEquals(401, res.statusCode());
        assertTrue(res.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), res.headers().toString());
        HttpResponse<String> health = get("/health", "Origin", "https://evil.example.com");
        assertTrue(health.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), health.headers().toString());
    }

    @Test
    void previousSecretStillVerifiesDuringARotation() throws Exception {
        java.util.Map<String, String> env = STREAMS.env();
        env.put("PLAYBACK_SIGNING_SECRET", TestStreams.OTHER_SECRET);
        env.put("PLAYBACK_SIGNING_SECRET_PREVIOUS", TestStreams.SECRET);
        try (DeliveryServer rotated = DeliveryServer.start(DeliveryConfig.from(env))) {
            String oldToken = TestStreams.token("ev1");
            String newToken = TestStreams.sign(TestStreams.OTHER_SECRET, org.streamgate.common.token.PlaybackClaims.forSession(
                    "code-1", "ev1", "s", java.time.Instant.now(), java.time.Duration.ofMinutes(5)));
            for (String token : new String[] {oldToken, newToken}) {
                HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rotated.port()
                        + "/streams/ev1/720p/index.m3u8")).header("Authorization", "Bearer " + token).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, res.statusCode());
            }
        }
    }

    @Test
    void tokensAndSecretsNeverReachTheLogs() throws Exception {
        java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                lines.add(r.getMessage() + " " + java.util.Arrays.toString(r.getParameters())
                        + (r.getThrown() == null ? "" : " " + r.getThrown()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(java.util.logging.Level.ALL);
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        java.util.logging.Level before = root.getLevel();
        root.setLevel(java.util.logging.Level.ALL);
        root.addHandler(capture);
        String token = TestStreams.token("ev1");
        String forged = token.substring(0, token.length() - 4) + "AAAA";
        try {
            get("/streams/ev1/720p/0.ts", "Authorization", "Bearer " + token);
            get("/streams/ev1/720p/0.ts", "Authorization", "Bearer " + forged);
            get("/streams/ev1/720p/index.m3u8?token=" + token);
            get("/streams/ev1/720p/index.m3u8?__token=" + forged);
            get("/streams/ev1/../x.ts?token=" + token);
            get("/streams/ev2/720p/0.ts?token=" + token);
        } finally {
            root.removeHandler(capture);
            root.setLevel(before);
        }
        String signature = token.substring(token.lastIndexOf('.') + 1);
        for (String line : lines) {
            assertFalse(line.contains(signature) || line.contains(forged.substring(forged.lastIndexOf('.') + 1)), line);
            assertFalse(line.contains(TestStreams.SECRET), line);
        }
    }
}
