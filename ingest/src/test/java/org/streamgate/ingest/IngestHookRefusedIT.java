package org.streamgate.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ON_PUBLISH_URL points at a port nobody listens on; only ::1 may play. Own JVM (one Red5 per JVM). */
class IngestHookRefusedIT {

    private static IngestServer ingest;
    private static int rtmpPort;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startIngest() throws Exception {
        rtmpPort = Ffmpeg.freePort();
        int deadPort = Ffmpeg.freePort();
        ingest = IngestServer.start(IngestConfig.from(Map.of(
                "RTMP_PORT", String.valueOf(rtmpPort),
                "INGEST_HTTP_PORT", String.valueOf(Ffmpeg.freePort()),
                "ON_PUBLISH_URL", "http://127.0.0.1:" + deadPort + "/internal/rtmp/on_publish?key=x",
                "INGEST_PLAY_ALLOW", "::1")));
    }

    @AfterAll
    static void stopIngest() {
        if (ingest != null) {
            ingest.stop();
        }
    }

    @Test
    void refusedHookConnectionRejectsThePublisher() throws Exception {
        long start = System.nanoTime();
        Process publisher = Ffmpeg.publish("rtmp://127.0.0.1:" + rtmpPort + "/live/some-key", tmp.resolve("pub.log"));
        try {
            assertTrue(publisher.waitFor(8, TimeUnit.SECONDS), "ffmpeg still running");
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("MEASURE refused hook -> ffmpeg exited after %d ms with %d%n", ms,
                    publisher.exitValue());
            assertNotEquals(0, publisher.exitValue(), Ffmpeg.tail(tmp.resolve("pub.log")));
            assertEquals(1, ingest.metrics().rejectedCount("unreachable"));
            assertEquals(0, ingest.activePublishers());
        } finally {
            publisher.destroyForcibly();
        }
    }

    @Test
    void playFromAnAddressOutsideTheAllowListIsRefused() throws Exception {
        Process puller = Ffmpeg.pull("rtmp://127.0.0.1:" + rtmpPort + "/live/any", tmp.resolve("out.ts"), 2,
                tmp.resolve("pull.log"));
        try {
            assertTrue(puller.waitFor(10, TimeUnit.SECONDS), "pull still running");
            assertNotEquals(0, puller.exitValue());
            assertTrue(Ffmpeg.await(Duration.ofSeconds(2),
                    () -> ingest.metrics().render().contains("streamgate_ingest_plays_rejected_total 1")));
        } finally {
            puller.destroyForcibly();
        }
    }
}
