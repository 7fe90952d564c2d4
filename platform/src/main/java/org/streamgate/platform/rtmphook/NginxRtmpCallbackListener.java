package org.streamgate.platform.rtmphook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.streamgate.platform.http.ApiException;
import org.streamgate.platform.http.Jsons;

/**
 * The publish callbacks for a real nginx-rtmp, which sends them as HTTP/1.0: Helidon 4 answers every HTTP/1.0
 * request with 505, so the platform also listens on {@code RTMP_HOOK_PORT} (loopback) with the JDK's own HTTP
 * server, which speaks both. Same routes ({@code POST /internal/rtmp/on_publish|on_publish_done|on_update?key=}),
 * same decisions: everything is delegated to {@link RtmpHookService#handle}.
 *
 * <p>Concurrency: the JDK server runs each exchange on a virtual thread; this class holds no state of its own.
 */
public final class NginxRtmpCallbackListener implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(NginxRtmpCallbackListener.class.getName());
    private static final Pattern ROUTE = Pattern.compile("/internal/rtmp/([a-z_]{1,32})");

    private final HttpServer server;

    private NginxRtmpCallbackListener(HttpServer server) {
        this.server = server;
    }

    /** Binds {@code 127.0.0.1:port} (0 picks a free port) and starts serving. */
    public static NginxRtmpCallbackListener start(int port, RtmpHookService hooks) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("RTMP_HOOK_PORT " + port + " cannot be bound: " + e.getMessage(), e);
        }
        server.createContext("/", exchange -> answer(exchange, hooks));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        LOG.log(Level.INFO, "nginx-rtmp callbacks (HTTP/1.0) on 127.0.0.1:" + server.getAddress().getPort());
        return new NginxRtmpCallbackListener(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, RtmpHookService hooks) throws IOException {
        try (exchange) {
            Matcher route = ROUTE.matcher(exchange.getRequestURI().getPath());
            if (!route.matches()) {
                send(exchange, 404, "not_found", "no such callback route");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "method_not_allowed", "callbacks are POST");
                return;
            }
            byte[] body = readAtMost(exchange.getRequestBody(), RtmpHookService.maxFormBytes());
            if (body == null) {
                send(exchange, 413, "payload_too_large", "callback body over " + RtmpHookService.maxFormBytes() + " bytes");
                return;
            }
            try {
                hooks.handle(route.group(1), keyParam(exchange.getRequestURI().getRawQuery()),
                        new String(body, StandardCharsets.UTF_8));
                byte[] ok = "ok".getBytes(StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(200, ok.length);
                exchange.getResponseBody().write(ok);
            } catch (ApiException e) {
                send(exchange, e.status(), e.code(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "nginx-rtmp callback failed", e);
                send(exchange, 500, "internal_error", "the callback could not be handled");
            }
        }
    }

    /** The {@code key} query parameter; the first one counts. */
    private static String keyParam(String rawQuery) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith("key=")) {
                return URLDecoder.decode(pair.substring(4), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** The whole stream, or {@code null} if it is longer than {@code max} bytes. */
    private static byte[] readAtMost(InputStream in, int max) throws IOException {
        byte[] bytes = in.readNBytes(max + 1);
        return bytes.length > max ? null : bytes;
    }

    private static void send(HttpExchange exchange, int status, String code, String message) throws IOException {
        byte[] json = Jsons.PROVIDER.createObjectBuilder().add("error", code).add("message", message).build()
                .toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, json.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(json);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
