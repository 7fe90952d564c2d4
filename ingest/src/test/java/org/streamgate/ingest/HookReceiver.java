package org.streamgate.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A tiny nginx-rtmp hook receiver for tests: records every form body, answers a configurable status. */
final class HookReceiver implements AutoCloseable {

    record Call(String path, String query, String contentType, String body) {
    }

    private final HttpServer server;
    private final BlockingQueue<Call> publishes = new LinkedBlockingQueue<>();
    private final BlockingQueue<Call> publishDones = new LinkedBlockingQueue<>();
    private volatile int publishStatus = 204;

    HookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/internal/rtmp/on_publish", ex -> record(ex, publishes, publishStatus));
        server.createContext("/internal/rtmp/on_publish_done", ex -> record(ex, publishDones, 204));
        server.start();
    }

    void publishStatus(int status) {
        this.publishStatus = status;
    }

    String onPublishUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/internal/rtmp/on_publish?key=test-internal-key";
    }

    String onPublishDoneUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort()
                + "/internal/rtmp/on_publish_done?key=test-internal-key";
    }

    Call nextPublish(Duration timeout) throws InterruptedException {
        return publishes.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    Call nextPublishDone(Duration timeout) throws InterruptedException {
        return publishDones.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next publish_done for stream {@code name}, skipping late ones of earlier streams; null on timeout. */
    Call nextPublishDone(Duration timeout, String name) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            Call c = publishDones.poll(left, TimeUnit.NANOSECONDS);
            if (c != null && hasName(c, name)) {
                return c;
            }
        }
        return null;
    }

    private static boolean hasName(Call c, String name) {
        for (String pair : c.body().split("&")) {
            if (pair.equals("name=" + name)) {
                return true;
            }
        }
        return false;
    }

    void clear() {
        publishes.clear();
        publishDones.clear();
    }

    private static void record(HttpExchange ex, BlockingQueue<Call> into, int status) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            into.add(new Call(ex.getRequestURI().getPath(), ex.getRequestURI().getRawQuery(),
                    ex.getRequestHeaders().getFirst("Content-Type"), body));
        }
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
