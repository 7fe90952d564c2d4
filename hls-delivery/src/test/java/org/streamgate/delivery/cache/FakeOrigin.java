package org.streamgate.delivery.cache;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP origin over a folder, counting requests per path and remembering the last {@code Authorization}
 * header and query string each path was asked with. A path can be made slow (the body trickles out in chunks), made
 * to hang after the first chunk, or made to answer a fixed status.
 */
public final class FakeOrigin implements AutoCloseable {

    private final Path root;
    private final WebServer server;
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final Map<String, Duration> slow = new ConcurrentHashMap<>();
    private final Map<String, Integer> status = new ConcurrentHashMap<>();
    private final Map<String, Boolean> hang = new ConcurrentHashMap<>();
    private final Map<String, String> authorization = new ConcurrentHashMap<>();
    private final Map<String, String> query = new ConcurrentHashMap<>();

    public FakeOrigin(Path root) {
        this.root = root;
        this.server = WebServer.builder()
                .port(0)
                .featuresDiscoverServices(false)
                .routing(r -> r.get("/*", this::serve))
                .build()
                .start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    public int requests(String key) {
        AtomicInteger n = requests.get(key);
        return n == null ? 0 : n.get();
    }

    /** The body is sent in 10 chunks with {@code pause} between them. */
    public void slow(String key, Duration pause) {
        slow.put(key, pause);
    }

    public void answer(String key, int code) {
        status.put(key, code);
    }

    /** Serves the file again after {@link #answer(String, int)}. */
    public void answerNormally(String key) {
        status.remove(key);
    }

    /** The {@code Authorization} header of the last request for {@code key}, empty string if it had none. */
    public String authorization(String key) {
        return authorization.get(key);
    }

    /** The raw query string of the last request for {@code key}, empty string if it had none. */
    public String query(String key) {
        return query.get(key);
    }

    /** Sends headers and the first chunk, then never finishes. */
    public void hang(String key) {
        hang.put(key, true);
    }

    private void serve(ServerRequest req, ServerResponse res) throws IOException, InterruptedException {
        String key = req.path().path().substring(1);
        authorization.put(key, req.headers().first(HeaderNames.AUTHORIZATION).orElse(""));
        query.put(key, req.query().rawValue());
        requests.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        Integer fixed = status.get(key);
        if (fixed != null) {
            res.status(fixed).send();
            return;
        }
        Path file = root.resolve(key).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            res.status(404).send();
            return;
        }
        byte[] body = Files.readAllBytes(file);
        res.header(HeaderNames.LAST_MODIFIED, DateTimeFormatter.RFC_1123_DATE_TIME.format(
                Files.getLastModifiedTime(file).toInstant().atZone(ZoneOffset.UTC)));
        res.contentLength(body.length);
        Duration pause = slow.get(key);
        boolean hangs = hang.containsKey(key);
        if (pause == null && !hangs) {
            res.send(body);
            return;
        }
        int chunk = Math.max(1, body.length / 10);
        try (OutputStream out = res.outputStream()) {
            for (int offset = 0; offset < body.length; offset += chunk) {
                out.write(body, offset, Math.min(chunk, body.length - offset));
                out.flush();
                if (hangs) {
                    Thread.sleep(Duration.ofSeconds(30));
                    return;
                }
                Thread.sleep(pause);
            }
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
