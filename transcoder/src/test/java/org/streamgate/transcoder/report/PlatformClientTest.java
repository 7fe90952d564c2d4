package org.streamgate.transcoder.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.streamgate.common.internalapi.InternalApiKey;
import org.streamgate.common.internalapi.StreamState;
import org.streamgate.common.internalapi.StreamStateReport;

class PlatformClientTest {

    /** Answers each event's requests with its scripted statuses, then 204. */
    private HttpServer server;
    private final Map<String, Deque<Integer>> script = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private PlatformClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/internal/events/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String id = path.substring("/internal/events/".length(), path.indexOf("/stream-state"));
            String state = new String(exchange.getRequestBody().readAllBytes()).replaceAll(".*\"state\":\"([a-z]+)\".*", "$1");
            requests.add(id + ":" + state);
            Deque<Integer> statuses = script.get(id);
            Integer status = statuses == null ? null : statuses.pollFirst();
            exchange.sendResponseHeaders(status == null ? 204 : status, -1);
            exchange.close();
        });
        server.start();
        client = new PlatformClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                InternalApiKey.of("report-test-key-0123456789abcdef"));
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    @Test
    void aFinal4xxIsNotRetriedAndTheNextReportStillGoesOut() {
        script.put("gone", new ArrayDeque<>(List.of(404)));
        client.report("gone", report(StreamState.LIVE));
        client.report("gone", report(StreamState.ENDED));
        awaitIdle();
        assertEquals(List.of("gone:live", "gone:ended"), requests);
        assertEquals(1, client.rejected());
        assertEquals(1, client.delivered());
    }

    @Test
    void serverErrorsTooManyRequestsAndTimeoutsAreRetriedUntilAcknowledged() {
        script.put("busy", new ArrayDeque<>(List.of(503, 429, 408)));
        client.report("busy", report(StreamState.LIVE));
        awaitIdle();
        assertEquals(List.of("busy:live", "busy:live", "busy:live", "busy:live"), requests);
        assertEquals(0, client.rejected());
        assertEquals(1, client.delivered());
        assertEquals(3, client.failedAttempts());
    }

    @Test
    void onlyClientErrorsOtherThan408And429AreFinal() {
        assertTrue(PlatformClient.isFinalRejection(400));
        assertTrue(PlatformClient.isFinalRejection(401));
        assertTrue(PlatformClient.isFinalRejection(404));
        assertTrue(PlatformClient.isFinalRejection(409));
        assertFalse(PlatformClient.isFinalRejection(408));
        assertFalse(PlatformClient.isFinalRejection(429));
        assertFalse(PlatformClient.isFinalRejection(500));
        assertFalse(PlatformClient.isFinalRejection(503));
        assertFalse(PlatformClient.isFinalRejection(302));
    }

    private static StreamStateReport report(StreamState state) {
        return new StreamStateReport(state, Instant.parse("2024-01-01T00:00:00Z"));
    }

    private void awaitIdle() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (client.pending() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("reports still pending: " + requests);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
