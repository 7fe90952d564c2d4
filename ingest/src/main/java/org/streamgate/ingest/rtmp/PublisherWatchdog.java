package org.streamgate.ingest.rtmp;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.streamgate.ingest.hook.KeyFingerprint;
import org.streamgate.ingest.http.IngestMetrics;
import org.streamgate.ingest.http.StreamStat;

/**
 * Named task {@code publisher-watchdog}: samples every publisher's {@link MediaMeter} and disconnects one that has
 * sent no media for {@code PUBLISHER_SILENCE_TIMEOUT_SECONDS} (a frozen encoder, a half-dead TCP connection that
 * Red5's 30 s ping would only notice later). Closing the connection closes its stream, so {@code publish_done} fires
 * and the transcoder's reconnect window starts.
 *
 * <p>Concurrency: {@link #tick} runs on the single watchdog thread (or a test's thread, never both). A session is
 * disconnected at most once ({@link MediaMeter#markStalled}); {@link #stats} may be called from any thread.
 */
final class PublisherWatchdog implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PublisherWatchdog.class.getName());
    private static final long MAX_TICK_MS = 1000;
    private static final long MIN_TICK_MS = 100;

    private final PublishSessions sessions;
    private final long silenceNanos;
    private final IngestMetrics metrics;
    private final LongSupplier nanoClock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("publisher-watchdog").factory());

    PublisherWatchdog(PublishSessions sessions, Duration silenceTimeout, IngestMetrics metrics, LongSupplier nanoClock) {
        this.sessions = sessions;
        this.silenceNanos = silenceTimeout.toNanos();
        this.metrics = metrics;
        this.nanoClock = nanoClock;
    }

    /** Samples four times per silence timeout, at most once a second. */
    void start() {
        long tickMs = Math.clamp(TimeUnit.NANOSECONDS.toMillis(silenceNanos) / 4, MIN_TICK_MS, MAX_TICK_MS);
        timer.scheduleWithFixedDelay(this::tickSafely, tickMs, tickMs, TimeUnit.MILLISECONDS);
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "publisher watchdog tick failed: " + e);
        }
    }

    void tick() {
        long now = nanoClock.getAsLong();
        for (PublishSession session : sessions.snapshot()) {
            session.meter().sample(now);
            long silent = session.meter().silentNanos(now);
            if (silent >= silenceNanos && session.meter().markStalled()) {
                metrics.publisherStalled();
                LOG.log(System.Logger.Level.WARNING, session.logId() + " no media for "
                        + TimeUnit.NANOSECONDS.toMillis(silent) + " ms: disconnecting the publisher");
                // the stream closes with the connection; IngestApplication then sends publish_done
                session.disconnect().run();
            }
        }
    }

    List<StreamStat> stats() {
        long now = nanoClock.getAsLong();
        return sessions.snapshot().stream()
                .map(s -> new StreamStat(KeyFingerprint.of(s.publishedName()), s.meter().bitsPerSecond(),
                        s.meter().silentNanos(now) / 1e9))
                .toList();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
