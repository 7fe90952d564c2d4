package org.streamgate.ingest.rtmp;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Media received by one publisher, sampled by the {@link PublisherWatchdog}: bits per second over the last sample
 * interval and the time since the byte count last grew (the last media packet, to within one interval).
 *
 * <p>Concurrency: {@link #sample} is called by the watchdog thread only; the getters may be read from any thread
 * (volatile fields, each consistent on its own).
 */
final class MediaMeter {

    private final LongSupplier bytesReceived;
    private long lastBytes;
    private long lastSampleNanos;
    private volatile long lastGrowthNanos;
    private volatile long bitsPerSecond;
    private final AtomicBoolean stalled = new AtomicBoolean();

    /**
     * @param bytesReceived the stream's running media byte count
     * @param startNanos    when the publisher was accepted: silence is counted from here until media arrives
     */
    MediaMeter(LongSupplier bytesReceived, long startNanos) {
        this.bytesReceived = bytesReceived;
        this.lastBytes = bytesReceived.getAsLong();
        this.lastSampleNanos = startNanos;
        this.lastGrowthNanos = startNanos;
    }

    void sample(long nowNanos) {
        long bytes = bytesReceived.getAsLong();
        long elapsed = nowNanos - lastSampleNanos;
        if (elapsed <= 0) {
            return;
        }
        long delta = Math.max(0, bytes - lastBytes);
        bitsPerSecond = delta * 8 * 1_000_000_000L / elapsed;
        if (delta > 0) {
            lastGrowthNanos = nowNanos;
        }
        lastBytes = bytes;
        lastSampleNanos = nowNanos;
    }

    /** True the first time only: the publisher is being disconnected for silence. */
    boolean markStalled() {
        return stalled.compareAndSet(false, true);
    }

    long bitsPerSecond() {
        return bitsPerSecond;
    }

    long silentNanos(long nowNanos) {
        return Math.max(0, nowNanos - lastGrowthNanos);
    }
}
