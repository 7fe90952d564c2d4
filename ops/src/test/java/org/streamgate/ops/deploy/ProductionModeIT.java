package org.streamgate.ops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streamgate.ops.e2e.FreePorts;
import org.streamgate.ops.e2e.Json;
import org.streamgate.ops.e2e.ServiceProcess;

/**
 * {@code STREAMGATE_ENV=production} on the four real service jars: weak, placeholder and development secrets (and the
 * platform's embedded database) are refused at start with the key named and the value never printed; with strong
 * secrets every service starts, writes nothing but JSON log lines, and answers bad requests with JSON errors that
 * carry no stack trace.
 */
class ProductionModeIT {

    private static final Path ROOT = Path.of(System.getProperty("streamgate.root", "..")).toAbsolutePath().normalize();
    private static final Path LOGS = Path.of(System.getProperty("streamgate.logs", "target/system-test-logs"))
            .resolve("ProductionModeIT");
    /** A refused configuration ends the JVM right after start; this is only the bound on a loaded CI machine. */
    private static final Duration EXIT_DEADLINE = Duration.ofSeconds(60);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** A bcrypt hash in the accepted format; which password it belongs to does not matter here. */
    private static final String ADMIN_PASSWORD_HASH = "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";
    private static final String SHORT = "Sh0rt-Secret-7Yq";
    private static final String PLACEHOLDER = "replace-with-the-output-of-openssl-rand-base64-48";
    /** The database is never reached by a refused configuration, but production insists on having one. */
    private static final String UNUSED_DATABASE_URL = "postgresql://streamgate@127.0.0.1:9/streamgate";

    private final String signingSecret = strongSecret();
    private final String internalKey = strongSecret();
    private final String adminToken = strongSecret();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** What a refused start is expected to print: the key, never {@code value}. */
    private record Refusal(String name, String service, Map<String, String> env, String key, String value) {
    }

    @Test
    void refusesDevShortAndPlaceholderSecretsAndTheEmbeddedDatabase(@TempDir Path dir) throws Exception {
        Map<String, String> dev = devSecrets(dir.resolve("dev"));
        String devSigning = dev.get("PLAYBACK_SIGNING_SECRET");
        String devKey = dev.get("INTERNAL_API_KEY");
        assertTrue(devSigning.startsWith("dev-") && devKey.startsWith("dev-"), "DevSecrets marks what it generates");

        List<Refusal> refusals = new ArrayList<>();
        refusals.add(refusal("platform-no-database", "platform", platformEnv(dir, 0, null), "DATABASE_URL", null, null));
        refusals.add(refusal("platform-dev", "platform", platformEnv(dir, 0, UNUSED_DATABASE_URL), "PLAYBACK_SIGNING_SECRET", devSigning, null));
        refusals.add(refusal("platform-short", "platform", platformEnv(dir, 0, UNUSED_DATABASE_URL), "INTERNAL_API_KEY", SHORT, null));
        refusals.add(refusal("platform-placeholder", "platform", platformEnv(dir, 0, UNUSED_DATABASE_URL), "ADMIN_API_TOKEN", PLACEHOLDER, null));
        // a node that never saw dev.env still recognises its secrets
        refusals.add(refusal("delivery-dev", "hls-delivery", deliveryEnv(dir, 0, 9), "INTERNAL_API_KEY", devKey, null));
        refusals.add(refusal("delivery-short", "hls-delivery", deliveryEnv(dir, 0, 9), "PLAYBACK_SIGNING_SECRET", SHORT, null));
        refusals.add(refusal("delivery-placeholder", "hls-delivery", deliveryEnv(dir, 0, 9), "PLAYBACK_SIGNING_SECRET_PREVIOUS", PLACEHOLDER, null));
        refusals.add(refusal("transcoder-dev", "transcoder", transcoderEnv(dir, 0, 9), "INTERNAL_API_KEY", devKey, null));
        refusals.add(refusal("transcoder-short", "transcoder", transcoderEnv(dir, 0, 9), "INTERNAL_API_KEY", SHORT, null));
        refusals.add(refusal("transcoder-placeholder", "transcoder", transcoderEnv(dir, 0, 9), "INTERNAL_API_KEY", PLACEHOLDER, null));
        // ingest's secret is the internal key in its callback URLs
        refusals.add(refusal("ingest-dev", "ingest", ingestEnv(0, 0, 9), "ON_PUBLISH_URL", devKey, hookUrl(9, "on_publish", devKey)));
        refusals.add(refusal("ingest-short", "ingest", ingestEnv(0, 0, 9), "ON_PUBLISH_DONE_URL", SHORT, hookUrl(9, "on_publish_done", SHORT)));
        refusals.add(refusal("ingest-placeholder", "ingest", ingestEnv(0, 0, 9), "ON_PUBLISH_URL", PLACEHOLDER, hookUrl(9, "on_publish", PLACEHOLDER)));

        // a few at a time: each is a JVM start, and the machine is shared
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<String>> results = new ArrayList<>();
            for (Refusal refusal : refusals) {
                results.add(pool.submit(() -> check(refusal)));
            }
            List<String> failures = new ArrayList<>();
            for (Future<String> result : results) {
                String failure = result.get();
                if (failure != null) {
                    failures.add(failure);
                }
            }
            assertEquals(List.of(), failures);
        }
    }

    /**
     * Helidon logs a port it cannot bind and hands back a stopped server; a service must then fail (exit 1, so
     * systemd's {@code Restart=on-failure} retries and the operator sees it), not exit 0 as if stopped on purpose.
     */
    @Test
    void aPortAlreadyInUseIsAFailedStartNamingThePort(@TempDir Path dir) throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("0.0.0.0"))) {
            int port = taken.getLocalPort();
            Files.createDirectories(dir.resolve("streams"));
            Map<String, Map<String, String>> starts = new LinkedHashMap<>();
            starts.put("hls-delivery", deliveryEnv(dir, port, 9));
            starts.put("transcoder", transcoderEnv(dir, port, 9));
            starts.put("ingest", ingestEnv(FreePorts.next(), port, 9));
            List<String> failures = new ArrayList<>();
            for (Map.Entry<String, Map<String, String>> start : starts.entrySet()) {
                ServiceProcess process = ServiceProcess.start(start.getKey() + "-port-taken", jar(start.getKey()),
                        start.getValue(), LOGS);
                try {
                    int exit = process.awaitExit(EXIT_DEADLINE);
                    String output = Files.readString(process.log(), StandardCharsets.UTF_8);
                    if (exit != 1 || !output.contains("PORT " + port)) {
                        failures.add(start.getKey() + ": expected exit 1 naming PORT " + port + ", got " + exit + "\n" + output);
                    }
                    assertJsonLines(start.getKey(), output);
                } finally {
                    process.close();
                }
            }
            assertEquals(List.of(), failures);
        }
    }

    @Test
    void startsWithStrongSecretsLogsOnlyJsonAndAnswersBadRequestsWithoutStackTraces(@TempDir Path dir) throws Exception {
        int platformPort = FreePorts.next();
        int deliveryPort = FreePorts.next();
        int transcoderPort = FreePorts.next();
        int rtmpPort = FreePorts.next();
        int ingestPort = FreePorts.next();
        Map<String, ServiceProcess> services = new LinkedHashMap<>();
        EmbeddedPostgres postgres = null;
        try {
            postgres = startServicesAndDatabase(dir, services, platformPort, deliveryPort, transcoderPort, rtmpPort, ingestPort);
            services.get("platform").awaitHealthy(url(platformPort, "/health"), START_TIMEOUT);
            // hls-delivery is healthy only once it has synced revocations from the platform
            services.get("hls-delivery").awaitHealthy(url(deliveryPort, "/health"), START_TIMEOUT);
            services.get("transcoder").awaitHealthy(url(transcoderPort, "/health"), START_TIMEOUT);
            services.get("ingest").awaitHealthy(url(ingestPort, "/health"), START_TIMEOUT);

            assertJsonError(send(post(url(platformPort, "/api/tokens/validate"), "{not json")), 400);
            assertJsonError(send(get(url(platformPort, "/api/no-such-route"))), 404);
            assertJsonError(send(get(url(deliveryPort, "/no-such-route"))), 404);
            assertJsonError(send(get(url(deliveryPort, "/streams/evt1/master.m3u8"))), 401);
            assertJsonError(send(post(url(transcoderPort, "/jobs"), "{\"eventId\":").header("X-Internal-Api-Key", internalKey)), 400);
            assertJsonError(send(get(url(transcoderPort, "/jobs"))), 401);
            assertJsonError(send(get(url(ingestPort, "/no-such-route"))), 404);
            // bad percent-encoding: refused by Helidon before any route runs, still with the JSON error body
            for (int port : List.of(platformPort, deliveryPort, transcoderPort, ingestPort)) {
                assertRawJsonError(port, "/streams/evt1/%zz.ts?token=eyJ-do-not-echo", 400);
            }
        } finally {
            // services first: the platform would log its lost database otherwise
            for (ServiceProcess service : services.values()) {
                service.close();
            }
            if (postgres != null) {
                postgres.close();
            }
        }
        for (Map.Entry<String, ServiceProcess> service : services.entrySet()) {
            String log = Files.readString(service.getValue().log(), StandardCharsets.UTF_8);
            assertFalse(log.isBlank(), service.getKey() + " printed nothing");
            assertJsonLines(service.getKey(), log);
            for (String secret : List.of(signingSecret, internalKey, adminToken)) {
                assertFalse(log.contains(secret), service.getKey() + " logged a secret");
            }
        }
    }

    /**
     * Launches the three services that need no database at once, and the platform as soon as PostgreSQL is up. Every
     * started service is in {@code services} even if this throws, so the caller stops it.
     */
    private EmbeddedPostgres startServicesAndDatabase(Path dir, Map<String, ServiceProcess> services, int platformPort,
                                                      int deliveryPort, int transcoderPort, int rtmpPort, int ingestPort)
            throws Exception {
        Files.createDirectories(dir.resolve("streams"));
        services.put("hls-delivery", ServiceProcess.start("hls-delivery", jar("hls-delivery"),
                deliveryEnv(dir, deliveryPort, platformPort), LOGS));
        services.put("transcoder", ServiceProcess.start("transcoder", jar("transcoder"),
                transcoderEnv(dir, transcoderPort, platformPort), LOGS));
        services.put("ingest", ServiceProcess.start("ingest", jar("ingest"), ingestEnv(rtmpPort, ingestPort, platformPort), LOGS));
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(Files.createDirectories(dir.resolve("postgres")))
                .setCleanDataDirectory(true)
                .setServerConfig("fsync", "off")
                .start();
        try {
            String databaseUrl = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres?user=postgres";
            Map<String, String> platform = platformEnv(dir, platformPort, databaseUrl);
            platform.put("HLS_SERVER_BASE_URL", url(deliveryPort, ""));
            platform.put("TRANSCODER_URL", url(transcoderPort, ""));
            platform.put("RTMP_PORT", String.valueOf(rtmpPort));
            services.put("platform", ServiceProcess.start("platform", jar("platform"), platform, LOGS));
            return postgres;
        } catch (Exception | Error e) {
            postgres.close();
            throw e;
        }
    }

    private Map<String, String> platformEnv(Path dir, int port, String databaseUrl) {
        Map<String, String> env = production(port);
        env.put("STREAMGATE_DATA_DIR", dir.resolve("platform").toString());
        if (databaseUrl != null) {
            env.put("DATABASE_URL", databaseUrl);
        }
        env.put("PLAYBACK_SIGNING_SECRET", signingSecret);
        env.put("INTERNAL_API_KEY", internalKey);
        env.put("ADMIN_API_TOKEN", adminToken);
        env.put("ADMIN_PASSWORD_HASH", ADMIN_PASSWORD_HASH);
        return env;
    }

    private Map<String, String> deliveryEnv(Path dir, int port, int platformPort) {
        Map<String, String> env = production(port);
        env.put("STREAM_ROOT", dir.resolve("streams").toString());
        env.put("PLAYBACK_SIGNING_SECRET", signingSecret);
        env.put("INTERNAL_API_KEY", internalKey);
        env.put("PLATFORM_APP_URL", url(platformPort, ""));
        return env;
    }

    private Map<String, String> transcoderEnv(Path dir, int port, int platformPort) {
        Map<String, String> env = production(port);
        env.put("STREAM_ROOT", dir.resolve("streams").toString());
        env.put("INTERNAL_API_KEY", internalKey);
        env.put("PLATFORM_APP_URL", url(platformPort, ""));
        return env;
    }

    private Map<String, String> ingestEnv(int rtmpPort, int httpPort, int platformPort) {
        Map<String, String> env = production(0);
        env.remove("PORT");
        env.put("RTMP_PORT", String.valueOf(rtmpPort));
        env.put("INGEST_HTTP_PORT", String.valueOf(httpPort));
        env.put("ON_PUBLISH_URL", hookUrl(platformPort, "on_publish", internalKey));
        env.put("ON_PUBLISH_DONE_URL", hookUrl(platformPort, "on_publish_done", internalKey));
        return env;
    }

    private static Map<String, String> production(int port) {
        Map<String, String> env = new HashMap<>();
        env.put("STREAMGATE_ENV", "production");
        env.put("PORT", String.valueOf(port));
        return env;
    }

    /**
     * @param setting what goes into {@code key}: the bad secret itself, or (ingest) the URL that carries it;
     *                {@code null} removes the key
     */
    private static Refusal refusal(String name, String service, Map<String, String> env, String key, String value,
                                   String setting) {
        if (setting == null && value == null) {
            env.remove(key);
        } else {
            env.put(key, setting != null ? setting : value);
        }
        return new Refusal(name, service, env, key, value);
    }

    /** @return {@code null} if the refusal looked right, else what was wrong */
    private String check(Refusal refusal) throws Exception {
        ServiceProcess process = ServiceProcess.start(refusal.name(), jar(refusal.service()), refusal.env(), LOGS);
        try {
            int exit = process.awaitExit(EXIT_DEADLINE);
            String output = Files.readString(process.log(), StandardCharsets.UTF_8);
            if (exit != 2) {
                return refusal.name() + ": expected exit 2 (configuration refused), got " + exit + "\n" + output;
            }
            if (!output.contains(refusal.key())) {
                return refusal.name() + ": output does not name " + refusal.key() + "\n" + output;
            }
            if (refusal.value() != null && output.contains(refusal.value())) {
                return refusal.name() + ": output contains the refused secret";
            }
            assertJsonLines(refusal.name(), output);
            return null;
        } catch (IllegalStateException | AssertionError e) {
            return refusal.name() + ": " + e.getMessage();
        } finally {
            process.close();
        }
    }

    /** Every line a production service prints is one JSON object with at least ts, level and message. */
    private static void assertJsonLines(String service, String output) {
        String text = output.endsWith("\n") ? output.substring(0, output.length() - 1) : output;
        for (String line : text.split("\n", -1)) {
            JsonObject json;
            try {
                json = Json.parse(line);
            } catch (RuntimeException e) {
                fail(service + " printed a line that is not a JSON object: " + line);
                return;
            }
            for (String field : List.of("ts", "level", "message")) {
                assertTrue(json.get(field) instanceof JsonString, service + ": no string " + field + " in " + line);
            }
        }
    }

    /** For requests {@link HttpClient} refuses to send (a malformed URI): one request over a plain socket. */
    private static void assertRawJsonError(int port, String target, int status) throws Exception {
        String response;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        String what = "port " + port + " GET " + target + ": " + response;
        assertTrue(response.startsWith("HTTP/1.1 " + status + " "), what);
        assertTrue(response.toLowerCase(java.util.Locale.ROOT).contains("content-type: application/json"), what);
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        JsonObject json = Json.parse(body);
        assertEquals(JsonValue.ValueType.STRING, json.get("error").getValueType(), what);
        assertFalse(json.getString("message").isBlank(), what);
        assertFalse(response.contains("do-not-echo"), "the request was echoed: " + what);
    }

    private static void assertJsonError(HttpResponse<String> response, int status) {
        String what = response.request().method() + " " + response.uri() + " -> " + response.statusCode() + " " + response.body();
        assertEquals(status, response.statusCode(), what);
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), what);
        JsonObject body = Json.parse(response.body());
        assertEquals(JsonValue.ValueType.STRING, body.get("error").getValueType(), what);
        assertEquals(JsonValue.ValueType.STRING, body.get("message").getValueType(), what);
        for (String leak : List.of("Exception", "\tat ", "java.", "org.streamgate", "io.helidon")) {
            assertFalse(response.body().contains(leak), "stack trace or class name in " + what);
        }
    }

    /** The development secrets the platform's own generator writes, as {@code scripts/run} creates them. */
    private static Map<String, String> devSecrets(Path dir) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Command command = Command.run(ROOT, java, "-cp", jar("platform").toString(),
                "org.streamgate.platform.config.DevSecretsMain", dir.toString());
        assertEquals(0, command.exitCode(), command.output());
        Map<String, String> values = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("dev.env"))) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).GET();
    }

    private static HttpRequest.Builder post(String url, String json) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private static String url(int port, String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static String hookUrl(int platformPort, String call, String key) {
        return url(platformPort, "/internal/rtmp/" + call + "?key=" + key);
    }

    private static Path jar(String module) {
        return ROOT.resolve(module).resolve("target").resolve("streamgate-" + module + ".jar");
    }

    private static String strongSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
