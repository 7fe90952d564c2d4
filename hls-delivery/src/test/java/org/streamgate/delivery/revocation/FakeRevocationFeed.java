package org.streamgate.delivery.revocation;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.streamgate.common.internalapi.InternalApiKey;
import org.streamgate.common.internalapi.RevocationChange;

/**
 * The platform's side of DESIGN §3.5, in memory: the poll route with an index cursor and the SSE stream. Either
 * channel can be switched off to test the other.
 */
public final class FakeRevocationFeed implements AutoCloseable {

    public static final String KEY = "fake-internal-api-key";
    private static final String CLOSE = "\u0000close";

    private final List<RevocationChange> log = new ArrayList<>();
    private final List<BlockingQueue<String>> subscribers = new CopyOnWriteArrayList<>();
    private final InternalApiKey key = InternalApiKey.of(KEY);
    private final AtomicInteger polls = new AtomicInteger();
    private final AtomicInteger streamsOpened = new AtomicInteger();
    private final WebServer server;
    private volatile boolean pollDown;
    private volatile boolean streamDown;

    public FakeRevocationFeed() {
        server = WebServer.builder()
                .port(0)
                .featuresDiscoverServices(false)
                .routing(r -> r.get("/internal/revocations", this::poll).get("/internal/revocations/stream", this::stream))
                .build()
                .start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Adds a change to the poll log and/or pushes it to every open stream. */
    public void publish(RevocationChange change, boolean viaPoll, boolean viaStream) {
        if (viaPoll) {
            synchronized (log) {
                log.add(change);
            }
        }
        if (viaStream) {
            String event = "event: revocation\nid: " + System.nanoTime() + "\ndata: " + change.toJson() + "\n\n";
            subscribers.forEach(q -> q.add(event));
        }
    }

    public void setPollDown(boolean down) {
        pollDown = down;
    }

    /** Closes open streams and refuses new ones (503) while down. */
    public void setStreamDown(boolean down) {
        streamDown = down;
        if (down) {
            subscribers.forEach(q -> q.add(CLOSE));
        }
    }

    public int polls() {
        return polls.get();
    }

    public int streamsOpened() {
        return streamsOpened.get();
    }

    public int openStreams() {
        return subscribers.size();
    }

    private void poll(ServerRequest req, ServerResponse res) {
        if (!key.matches(req.headers().first(HeaderNames.create(InternalApiKey.HEADER)).orElse(null))) {
            res.status(401).send("{\"error\":\"unauthorized\",\"message\":\"key\"}");
            return;
        }
        polls.incrementAndGet();
        if (pollDown) {
            res.status(503).send("{\"error\":\"down\",\"message\":\"down\"}");
            return;
        }
        int since = Integer.parseInt(req.query().first("since").asOptional().orElse("0"));
        JsonArrayBuilder changes = Json.createArrayBuilder();
        int cursor;
        synchronized (log) {
            for (int i = since; i < log.size(); i++) {
                changes.add(log.get(i).toJson());
            }
            cursor = log.size();
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(Json.createObjectBuilder().add("cursor", Integer.toString(cursor)).add("changes", changes).build().toString());
    }

    private void stream(ServerRequest req, ServerResponse res) throws IOException, InterruptedException {
        if (!key.matches(req.headers().first(HeaderNames.create(InternalApiKey.HEADER)).orElse(null))) {
            res.status(401).send();
            return;
        }
        if (streamDown) {
            res.status(503).send();
            return;
        }
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        subscribers.add(queue);
        streamsOpened.incrementAndGet();
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        try (OutputStream out = res.outputStream()) {
            out.write(": connected\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (!streamDown) {
                String event = queue.poll(200, TimeUnit.MILLISECONDS);
                if (event == null) {
                    continue;
                }
                if (event.equals(CLOSE)) {
                    break;
                }
                out.write(event.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } finally {
            subscribers.remove(queue);
        }
    }

    @Override
    public void close() {
        setStreamDown(true);
        server.stop();
    }
}
