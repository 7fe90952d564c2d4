package org.streamgate.platform.rtmphook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** Records what the platform sends to the transcoder; answers with {@link #status}. */
final class FakeTranscoder implements AutoCloseable {

    record Received(String method, String path, String key, String body) {
    }

    final BlockingQueue<Received> requests = new LinkedBlockingQueue<>();
    final AtomicInteger status = new AtomicInteger(202);
    /** Answer 503 once to the next request whose body contains this text. */
    final java.util.concurrent.atomic.AtomicReference<String> failOnce = new java.util.concurrent.atomic.AtomicReference<>();
    private final HttpServer server;

    FakeTranscoder() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("X-Internal-Api-Key"), body));
            if (exchange.getRequestURI().getPath().equals("/health")) {
                exchange.sendResponseHeaders(status.get() >= 500 ? 503 : 200, -1);
                exchange.close();
                return;
            }
            String fail = failOnce.get();
            boolean failThis = fail != null && body.contains(fail) && failOnce.compareAndSet(fail, null);
            exchange.sendResponseHeaders(failThis ? 503 : status.get(), -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    /** The next request that mentions {@code text} in its body, or {@code null} after the timeout. */
    Received next(String text, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            Received r = requests.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (r != null && r.body().contains(text)) {
                return r;
            }
        }
        return null;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
