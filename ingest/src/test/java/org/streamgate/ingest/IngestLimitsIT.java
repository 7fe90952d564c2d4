package org.streamgate.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streamgate.ingest.hook.KeyFingerprint;

/**
 * Watchdog and limits, with small values: 2 s publisher silence, 8 s handshake timeout, 250 connections,
 * 1 publisher. Own JVM (one Red5 per JVM).
 */
class IngestLimitsIT {

    private static final int SILENCE_S = 2;
    // long enough that a loaded 2-core CI machine still holds the silent connections while a publisher gets in
    private static final int HANDSHAKE_MS = 8000;
    private static final int MAX_CONNECTIONS = 250;
    private static HookReceiver hook;
    private static IngestServer ingest;
    private static int rtmpPort;
    private final List<Process> processes = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();

    @TempDir
    Path tmp;

    @BeforeAll
    static void startIngest() throws Exception {
        hook = new HookReceiver();
        rtmpPort = Ffmpeg.freePort();
        ingest = IngestServer.start(IngestConfig.from(Map.of(
                "RTMP_PORT", String.valueOf(rtmpPort),
                "INGEST_HTTP_PORT", String.valueOf(Ffmpeg.freePort()),
                "ON_PUBLISH_URL", hook.onPublishUrl(),
                "ON_PUBLISH_DONE_URL", hook.onPublishDoneUrl(),
                "PUBLISHER_SILENCE_TIMEOUT_SECONDS", String.valueOf(SILENCE_S),
                "HANDSHAKE_TIMEOUT_MS", String.valueOf(HANDSHAKE_MS),
                "MAX_CONNECTIONS", String.valueOf(MAX_CONNECTIONS),
                "MAX_PUBLISHERS", "1")));
    }

    @AfterAll
    static void stopIngest() {
        if (ingest != null) {
            ingest.stop();
        }
        if (hook != null) {
            hook.close();
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor();
        }
        for (Socket s : sockets) {
            s.close();
        }
        assertTrue(Ffmpeg.await(Duration.ofSeconds(10), () -> ingest.activePublishers() == 0), "publishers left");
        assertTrue(Ffmpeg.await(Duration.ofSeconds(10), () -> openConnections() == 0), "connections left");
        hook.clear();
    }

    private String url(String port, String name) {
        return "rtmp://127.0.0.1:" + port + "/live/" + name;
    }

    private Process track(Process p) {
        processes.add(p);
        return p;
    }

    @Test
    void stalledPublisherIsDisconnectedAndPublishDoneFires() throws Exception {
        try (FreezableProxy proxy = new FreezableProxy(rtmpPort)) {
            track(Ffmpeg.publishLight(url(String.valueOf(proxy.port()), "stall-key?t=1"), tmp.resolve("pub.log")));
            assertTrue(Ffmpeg.await(Duration.ofSeconds(15), () -> ingest.activePublishers() == 1),
                    () -> "not accepted: " + Ffmpeg.tail(tmp.resolve("pub.log")));
            String label = "{stream=\"" + KeyFingerprint.of("stall-key") + "\"}";
            assertTrue(Ffmpeg.await(Duration.ofSeconds(5), () -> bitrate(label) > 0),
                    () -> "no bitrate: " + ingest.metrics().render());
            System.out.printf("MEASURE watchdog bitrate while streaming: %d bit/s%n", bitrate(label));

            proxy.freeze();
            long start = System.nanoTime();
            HookReceiver.Call done = hook.nextPublishDone(Duration.ofSeconds(SILENCE_S + 8), "stall-key");
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("MEASURE frozen publisher (silence timeout %d s) -> publish_done after %d ms%n",
                    SILENCE_S, ms);
            assertNotNull(done, "no publish_done for the stalled publisher");
            assertTrue(done.body().endsWith("&t=1"), done.body());
            assertTrue(ms < (SILENCE_S + 3) * 1000L, "took " + ms + " ms");
            assertEquals(1, ingest.metrics().stalledCount());
            assertEquals(0, ingest.activePublishers());
            assertTrue(ingest.metrics().render().contains("streamgate_ingest_publishers_stalled_total 1"));
            assertTrue(!ingest.metrics().render().contains(label), "stream left in metrics");
        }
    }

    @Test
    void twoHundredSilentConnectionsDoNotStopARealPublisher() throws Exception {
        for (int i = 0; i < 200; i++) {
            sockets.add(connect());
        }
        assertTrue(Ffmpeg.await(Duration.ofSeconds(5), () -> openConnections() >= 200),
                () -> "held: " + openConnections());
        long start = System.nanoTime();
        track(Ffmpeg.publishLight(url(String.valueOf(rtmpPort), "flood-key"), tmp.resolve("pub.log")));
        assertTrue(Ffmpeg.await(Duration.ofSeconds(10), () -> ingest.activePublishers() == 1),
                () -> "publisher starved: " + Ffmpeg.tail(tmp.resolve("pub.log")));
        long acceptedMs = (System.nanoTime() - start) / 1_000_000;
        int held = openConnections();
        Path out = tmp.resolve("flood.ts");
        Process puller = track(Ffmpeg.pull(url(String.valueOf(rtmpPort), "flood-key"), out, 1,
                tmp.resolve("pull.log")));
        assertTrue(puller.waitFor(20, TimeUnit.SECONDS), "pull did not finish");
        assertEquals(0, puller.exitValue(), () -> Ffmpeg.tail(tmp.resolve("pull.log")));
        System.out.printf("MEASURE with %d connections held: publisher accepted after %d ms, pull ok%n",
                held, acceptedMs);
        assertTrue(held >= 201, "the silent connections were gone too early: " + held);

        // the silent ones are closed by the server once the handshake timeout passes
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HANDSHAKE_MS + 5000);
        for (Socket s : sockets) {
            assertTrue(closedByServer(s, deadline), "a silent connection outlived HANDSHAKE_TIMEOUT_MS");
        }
    }

    @Test
    void connectionsBeyondMaxConnectionsAreClosedAtOnce() throws Exception {
        long refusedBefore = ingest.metrics().connectionsRefusedCount("max_connections");
        for (int i = 0; i < MAX_CONNECTIONS + 10; i++) {
            sockets.add(connect());
        }
        assertTrue(Ffmpeg.await(Duration.ofSeconds(5),
                () -> ingest.metrics().connectionsRefusedCount("max_connections") >= refusedBefore + 10),
                () -> ingest.metrics().render());
        assertEquals(MAX_CONNECTIONS, openConnections());
        // which ones were refused depends on Mina's I/O threads; the refused ones see EOF at once
        long start = System.nanoTime();
        List<Socket> open = new ArrayList<>(sockets);
        int closed = 0;
        while (closed < 10 && System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(HANDSHAKE_MS / 2)) {
            for (java.util.Iterator<Socket> it = open.iterator(); it.hasNext(); ) {
                if (closedByServer(it.next(), System.nanoTime() + 1_000_000)) {
                    it.remove();
                    closed++;
                }
            }
        }
        System.out.printf("MEASURE %d connections held at MAX_CONNECTIONS=%d, %d refused and closed in %d ms%n",
                openConnections(), MAX_CONNECTIONS, closed, (System.nanoTime() - start) / 1_000_000);
        assertEquals(10, closed, "connections over MAX_CONNECTIONS closed by the server");
    }

    @Test
    void publishBeyondMaxPublishersIsRefused() throws Exception {
        track(Ffmpeg.publishLight(url(String.valueOf(rtmpPort), "first-key"), tmp.resolve("pub1.log")));
        assertTrue(Ffmpeg.await(Duration.ofSeconds(15), () -> ingest.activePublishers() == 1), "first not accepted");
        Process second = track(Ffmpeg.publishLight(url(String.valueOf(rtmpPort), "second-key"),
                tmp.resolve("pub2.log")));
        assertTrue(second.waitFor(10, TimeUnit.SECONDS), "second publisher still running");
        assertNotEquals(0, second.exitValue());
        assertEquals(1, ingest.metrics().rejectedCount("max_publishers"));
        assertEquals(1, ingest.activePublishers());
    }

    private static Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", rtmpPort), 2000);
        return s;
    }

    /** Whether the server closes {@code s} (EOF or reset) before the deadline. */
    private static boolean closedByServer(Socket s, long deadlineNanos) throws IOException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (left <= 0) {
            left = 1;
        }
        s.setSoTimeout((int) left);
        try {
            while (s.getInputStream().read() >= 0) {
                // a server must not answer before the client's C0/C1; drain whatever comes
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private static int openConnections() {
        return (int) gauge("streamgate_ingest_connections_open ");
    }

    private static long bitrate(String label) {
        return (long) gauge("streamgate_ingest_stream_bitrate_bits_per_second" + label + " ");
    }

    private static double gauge(String prefix) {
        for (String line : ingest.metrics().render().split("\n")) {
            if (line.startsWith(prefix)) {
                return Double.parseDouble(line.substring(prefix.length()).trim());
            }
        }
        return 0;
    }
}
