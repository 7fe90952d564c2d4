package org.streamgate.ingest.rtmp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.streamgate.common.internalapi.RtmpNotification;
import org.streamgate.ingest.hook.KeyFingerprint;
import org.streamgate.ingest.http.IngestMetrics;
import org.streamgate.ingest.http.StreamStat;

class PublisherWatchdogTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(100 * SECOND);
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger disconnects = new AtomicInteger();
    private final PublishSessions sessions = new PublishSessions();
    private final IngestMetrics metrics = new IngestMetrics();
    private final PublisherWatchdog watchdog = new PublisherWatchdog(sessions, Duration.ofSeconds(10), metrics,
            now::get);

    private void addSession() {
        RtmpNotification publish = RtmpNotification.publish("live", "", "", "", "", "127.0.0.1", "1", "k", "");
        sessions.put("k", new PublishSession(publish, "k", "c1", "log", new MediaMeter(bytes::get, now.get()),
                disconnects::incrementAndGet, now.get(), () -> 0L));
    }

    @Test
    void measuresBitrateAndLastPacketAgeByFingerprint() {
        addSession();
        now.addAndGet(SECOND);
        bytes.set(250_000);
        watchdog.tick();
        now.addAndGet(SECOND / 2);
        StreamStat st = watchdog.stats().getFirst();
        assertEquals(KeyFingerprint.of("k"), st.fingerprint());
        assertEquals(2_000_000, st.bitsPerSecond());
        assertEquals(0.5, st.lastPacketAgeSeconds(), 1e-9);
    }

    @Test
    void disconnectsOnceAfterTheSilenceTimeoutEvenWithoutAnyMedia() {
        addSession();
        now.addAndGet(9 * SECOND);
        watchdog.tick();
        assertEquals(0, disconnects.get());
        now.addAndGet(SECOND);
        watchdog.tick();
        watchdog.tick();
        assertEquals(1, disconnects.get());
        assertEquals(1, metrics.stalledCount());
    }

    @Test
    void mediaResetsTheSilence() {
        addSession();
        for (int i = 0; i < 30; i++) {
            now.addAndGet(SECOND);
            bytes.addAndGet(1000);
            watchdog.tick();
        }
        assertEquals(0, disconnects.get());
    }
}
