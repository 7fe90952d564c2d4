package org.streamgate.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A tiny nginx-rtmp hook receiver for tests: records every form body, answers on_publish with a configurable status
 * (and {@code Location}), or hangs until {@link #release()} / {@link #close()}.
 */
final class HookReceiver implements AutoCloseable {

    record Call(String path, String query, String contentType, String body) {
    }

    private final HttpServer server;
    private final BlockingQueue<Call> publishes = new LinkedBlockingQueue<>();
    private final BlockingQueue<Call> publishDones = new LinkedBlockingQueue<>();
    private final BlockingQueue<Call> updates = new LinkedBlockingQueue<>();
    private volatile int updateStatus = 204;
    private volatile int publishStatus = 204;
    private volatile String publishLocation;
    private volatile CountDownLatch hang = new CountDownLatch(0);

    HookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/internal/rtmp/on_publish", ex -> {
            record(ex, publishes);
            awaitQuietly(hang);
            if (publishLocation != null) {
                ex.getResponseHeaders().set("Location", publishLocation);
            }
            respond(ex, publishStatus);
        });
        server.createContext("/internal/rtmp/on_publish_done", ex -> {
            record(ex, publishDones);
            respond(ex, 204);
        });
        server.createContext("/internal/rtmp/on_update", ex -> {
            record(ex, updates);
            respond(ex, updateStatus);
        });
        server.start();
    }

    String onUpdateUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/internal/rtmp/on_update?key=test-internal-key";
    }

    void updateStatus(int status) {
        this.updateStatus = status;
    }

    Call nextUpdate(Duration timeout) throws InterruptedException {
        return updates.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    void publishStatus(int status) {
        this.publishStatus = status;
    }

    /** Answers on_publish with {@code status} and this {@code Location} header (null: none). */
    void publishRedirect(int status, String location) {
        this.publishStatus = status;
        this.publishLocation = location;
    }

    /** on_publish calls from now on block until {@link #release()}. */
    void hang() {
        hang = new CountDownLatch(1);
    }

    void release() {
        hang.countDown();
    }

    /** Back to 204, no Location, no hanging. */
    void reset() {
        release();
        publishStatus = 204;
        publishLocation = null;
        updateStatus = 204;
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
        updates.clear();
    }

    private static void record(HttpExchange ex, BlockingQueue<Call> into) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            into.add(new Call(ex.getRequestURI().getPath(), ex.getRequestURI().getRawQuery(),
                    ex.getRequestHeaders().getFirst("Content-Type"), body));
        }
    }

    private static void respond(HttpExchange ex, int status) throws IOException {
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
