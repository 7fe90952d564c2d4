package org.streamgate.ingest.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.streamgate.common.internalapi.RtmpNotification;

class PublishHookClientTest {

    private static final RtmpNotification PUBLISH = RtmpNotification.publish("live", "FMLE/3.0", "", "rtmp://h/live",
            "", "127.0.0.1", "c1", "key", "token=abc");

    @Test
    void noHookAllowsEveryone() {
        try (PublishHookClient client = new PublishHookClient(Optional.empty(), Optional.empty(), Duration.ofSeconds(1),
                n -> { })) {
            HookDecision d = client.authorize(PUBLISH);
            assertTrue(d.allowed());
            assertEquals(HookDecision.ALLOWED_NO_HOOK, d.reason());
        }
    }

    @Test
    void statusDecides() throws Exception {
        for (int status : new int[] {200, 204, 302, 403, 500}) {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", ex -> {
                ex.getRequestBody().readAllBytes();
                ex.sendResponseHeaders(status, -1);
                ex.close();
            });
            server.start();
            AtomicLong latency = new AtomicLong(-1);
            try (PublishHookClient client = new PublishHookClient(
                    Optional.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/p?key=k")),
                    Optional.empty(), Duration.ofSeconds(2), latency::set)) {
                HookDecision d = client.authorize(PUBLISH);
                // like nginx-rtmp: a 3xx without Location lets the publisher go on under its own name
                assertEquals(status / 100 == 2 || status / 100 == 3, d.allowed(), "status " + status);
                assertEquals(status, d.status());
                assertTrue(latency.get() >= 0);
            } finally {
                server.stop(0);
            }
        }
    }

    @Test
    void redirectRenamesLikeNginxRtmp() {
        HookDecision renamed = PublishHookClient.decide(302, Optional.of("event-42_main"));
        assertTrue(renamed.allowed());
        assertEquals(HookDecision.RENAMED, renamed.reason());
        assertEquals(Optional.of("event-42_main"), renamed.rename());
        assertEquals(HookDecision.ALLOWED, PublishHookClient.decide(301, Optional.empty()).reason());
        assertEquals(HookDecision.RELAY_UNSUPPORTED,
                PublishHookClient.decide(302, Optional.of("RTMP://other/live/x")).reason());
        for (String bad : new String[] {"a/b", "a?b", "a b", " ", "x".repeat(256), "a\u0001"}) {
            HookDecision d = PublishHookClient.decide(307, Optional.of(bad));
            assertFalse(d.allowed(), bad);
            assertEquals(HookDecision.BAD_REDIRECT, d.reason(), bad);
        }
        assertEquals(HookDecision.DENIED, PublishHookClient.decide(404, Optional.of("x")).reason());
    }

    @Test
    void slowHookTimesOutAndRejects() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
        try (PublishHookClient client = new PublishHookClient(
                Optional.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/p")),
                Optional.empty(), Duration.ofMillis(300), n -> { })) {
            long start = System.nanoTime();
            HookDecision d = client.authorize(PUBLISH);
            assertFalse(d.allowed());
            assertEquals(HookDecision.TIMEOUT, d.reason());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3));
        } finally {
            release.countDown();
            server.stop(0);
        }
    }

    @Test
    void refusedConnectionRejects() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (PublishHookClient client = new PublishHookClient(
                Optional.of(URI.create("http://127.0.0.1:" + port + "/p")), Optional.empty(), Duration.ofSeconds(1),
                n -> { })) {
            HookDecision d = client.authorize(PUBLISH);
            assertFalse(d.allowed());
            assertEquals(HookDecision.UNREACHABLE, d.reason());
        }
    }
}
