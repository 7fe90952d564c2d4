package org.streamgate.platform;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.streamgate.platform.config.PlatformConfig;

/** A running platform on a fresh database, plus a small HTTP client for tests. */
public final class TestPlatform implements AutoCloseable {

    public static final String SIGNING_SECRET = "test-signing-secret-0123456789-abcdefghijkl";
    public static final String INTERNAL_KEY = "test-internal-key-0123456789-abcdefghijklmnop";
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789-abcdefghijklmnop";
    public static final String ADMIN_PASSWORD = "correct horse battery staple";

    public final PlatformServer server;
    public final MutableClock clock;
    public final PlatformConfig config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final java.util.concurrent.atomic.AtomicInteger clientAddresses = new java.util.concurrent.atomic.AtomicInteger(1);

    private TestPlatform(PlatformServer server, MutableClock clock, PlatformConfig config) {
        this.server = server;
        this.clock = clock;
        this.config = config;
    }

    public static TestPlatform start(Map<String, String> overrides) {
        try {
            Path dataDir = Files.createTempDirectory("sg-test-data");
            Map<String, String> env = new HashMap<>();
            env.put("PORT", "0");
            env.put("STREAMGATE_DATA_DIR", dataDir.toString());
            env.put("DATABASE_URL", TestPostgres.newDatabaseUrl());
            env.put("PLAYBACK_SIGNING_SECRET", SIGNING_SECRET);
            env.put("INTERNAL_API_KEY", INTERNAL_KEY);
            env.put("ADMIN_API_TOKEN", ADMIN_TOKEN);
            env.put("ADMIN_PASSWORD", ADMIN_PASSWORD);
            env.put("TRUSTED_PROXIES", "127.0.0.1,::1");
            env.put("TRANSCODER_URL", "http://127.0.0.1:9");
            env.putAll(overrides);
            PlatformConfig config = PlatformConfig.from(env);
            MutableClock clock = new MutableClock(Instant.now());
            return new TestPlatform(PlatformServer.start(config, clock), clock, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    public Response request(String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            b.headers(headers);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response post(String path, String body, String... headers) {
        return request("POST", path, body, headers);
    }

    public Response get(String path, String... headers) {
        return request("GET", path, null, headers);
    }

    public Response admin(String method, String path, String body) {
        return request(method, path, body, "Authorization", "Bearer " + ADMIN_TOKEN, "Content-Type", "application/json");
    }

    /** Creates an event that runs from an hour ago for a day; returns its JSON. */
    public JsonObject createEvent(String title) {
        Instant now = clock.instant();
        Response r = admin("POST", "/api/admin/events", Json.createObjectBuilder()
                .add("title", title)
                .add("startsAt", now.minus(Duration.ofHours(1)).toString())
                .add("endsAt", now.plus(Duration.ofHours(24)).toString())
                .build().toString());
        if (r.status() != 201) {
            throw new AssertionError("create event: " + r);
        }
        return r.json();
    }

    public JsonObject createCodes(String eventId, int count, String extraJson) {
        Response r = admin("POST", "/api/admin/events/" + eventId + "/tokens",
                "{\"count\":" + count + (extraJson == null ? "" : "," + extraJson) + "}");
        if (r.status() != 201) {
            throw new AssertionError("create codes: " + r);
        }
        return r.json();
    }

    public String oneCode(String eventId) {
        return createCodes(eventId, 1, null).getJsonArray("tokens").getJsonObject(0).getString("code");
    }

    /** A client address no other test of this platform has validated from, so per-address rate limits do not mix. */
    public String freshClientAddress() {
        return "198.51.100." + clientAddresses.getAndIncrement();
    }

    /** Validation from a client address of the test's choosing (the test peer is a trusted proxy). */
    public Response validate(String code, String deviceId, String clientAddr) {
        var body = Json.createObjectBuilder().add("code", code);
        if (deviceId != null) {
            body.add("deviceId", deviceId);
        }
        return post("/api/tokens/validate", body.build().toString(), "Content-Type", "application/json",
                "X-Forwarded-For", clientAddr);
    }

    @Override
    public void close() {
        server.stop();
        try (var files = Files.walk(config.dataDir())) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory; the OS cleans it eventually
        }
    }

    public record Response(int status, String body, Map<String, java.util.List<String>> headers) {

        public JsonObject json() {
            try (var reader = Json.createReader(new StringReader(body))) {
                JsonStructure s = reader.read();
                return s.asJsonObject();
            }
        }

        public String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().getFirst();
                }
            }
            return null;
        }

        public String error() {
            return json().getString("error");
        }
    }
}
