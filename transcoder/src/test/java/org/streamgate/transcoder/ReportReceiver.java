package org.streamgate.transcoder;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A tiny stand-in for the platform's {@code /internal/events/<id>/stream-state} endpoint. */
final class ReportReceiver implements AutoCloseable {

    record Received(String eventId, String key, String state, String at) { }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** The first N requests are answered 503, to exercise retries. */
    final AtomicInteger failFirst = new AtomicInteger();

    ReportReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/internal/events/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status;
            if (failFirst.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                status = 503;
            } else if (!"POST".equals(exchange.getRequestMethod()) || !path.endsWith("/stream-state")) {
                status = 404;
            } else {
                String id = path.substring("/internal/events/".length(), path.length() - "/stream-state".length());
                JsonObject json = Json.createReader(new StringReader(body)).readObject();
                received.add(new Received(id, exchange.getRequestHeaders().getFirst("X-Internal-Api-Key"),
                        json.getString("state"), json.getString("at")));
                status = 204;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<String> states(String eventId) {
        return received.stream().filter(r -> r.eventId().equals(eventId)).map(Received::state).toList();
    }

    List<Received> all() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
