package org.streamgate.delivery.revocation;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.streamgate.common.internalapi.RevocationChange;

/**
 * Keeps {@link RevocationState} current (DESIGN §3.5) with two named background tasks on virtual threads:
 * {@code revocation-stream} holds the platform's server-sent-events stream open and reconnects with backoff, so a
 * revocation arrives in well under a second; {@code revocation-poll} asks {@code /internal/revocations?since=} every
 * poll interval whatever the stream does, so a cut stream or a missed event costs at most one interval. A stream
 * that stays silent longer than {@code streamIdleTimeout} is considered dead and reopened.
 *
 * <p>The stream is opened without {@code since} (the poll covers anything before it) and reopened with
 * {@code Last-Event-ID} when events had ids.
 *
 * <p>Concurrency: each task owns its loop; the poll cursor is only touched by the poll task; shared flags are atomic.
 * {@link #close()} stops both and waits briefly.
 */
public final class RevocationSync implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RevocationSync.class.getName());
    static final Duration MIN_RECONNECT_DELAY = Duration.ofMillis(200);
    static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(15);

    private final RevocationFeedClient feed;
    private final RevocationState state;
    private final Duration pollInterval;
    private final Duration streamIdleTimeout;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean streamOpen = new AtomicBoolean();
    private final AtomicBoolean pollFailing = new AtomicBoolean();
    private final AtomicReference<InputStream> openStream = new AtomicReference<>();
    private final LongAdder applied = new LongAdder();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Optional<String> lastEventId = Optional.empty();
    private volatile long lastStreamActivityNanos;
    private volatile Thread pollThread;
    private volatile Thread streamThread;
    private volatile Thread watchdogThread;
    private Optional<String> cursor = Optional.empty();

    public RevocationSync(RevocationFeedClient feed, RevocationState state, Duration pollInterval, Duration streamIdleTimeout) {
        this.feed = feed;
        this.state = state;
        this.pollInterval = pollInterval;
        this.streamIdleTimeout = streamIdleTimeout;
    }

    public void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        pollThread = Thread.ofVirtual().name("revocation-poll").start(this::pollLoop);
        streamThread = Thread.ofVirtual().name("revocation-stream").start(this::streamLoop);
        watchdogThread = Thread.ofVirtual().name("revocation-stream-watchdog").start(this::watchdogLoop);
    }

    public boolean streamOpen() {
        return streamOpen.get();
    }

    public long changesApplied() {
        return applied.sum();
    }

    private void pollLoop() {
        while (running.get()) {
            try {
                RevocationFeedClient.Page page = feed.poll(cursor);
                page.changes().forEach(this::apply);
                if (page.cursor().isPresent()) {
                    cursor = page.cursor();
                }
                state.markSynced();
                if (pollFailing.compareAndSet(true, false)) {
                    LOG.log(Level.INFO, "revocation poll works again");
                }
            } catch (IOException e) {
                if (pollFailing.compareAndSet(false, true)) {
                    LOG.log(Level.WARNING, "revocation poll failed, serving with the last known state: " + e.getMessage());
                }
            } catch (InterruptedException e) {
                return;
            }
            if (!sleep(pollInterval)) {
                return;
            }
        }
    }

    private void streamLoop() {
        Duration delay = MIN_RECONNECT_DELAY;
        while (running.get()) {
            try {
                feed.stream(Optional.empty(), lastEventId, this::streamOpened, event -> {
                    lastStreamActivityNanos = System.nanoTime();
                    if (event.id().isPresent()) {
                        lastEventId = event.id();
                    }
                    event.changes().forEach(this::apply);
                    state.markSynced();
                }, openStream::set);
                delay = MIN_RECONNECT_DELAY;
            } catch (IOException e) {
                if (running.get()) {
                    LOG.log(streamOpen.get() ? Level.WARNING : Level.DEBUG, "revocation stream broke: " + e.getMessage());
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                openStream.set(null);
                if (streamOpen.compareAndSet(true, false) && running.get()) {
                    LOG.log(Level.WARNING, "revocation stream closed, reconnecting; polling every " + pollInterval.toMillis() + " ms meanwhile");
                }
            }
            if (!sleep(delay)) {
                return;
            }
            delay = delay.multipliedBy(2).compareTo(MAX_RECONNECT_DELAY) > 0 ? MAX_RECONNECT_DELAY : delay.multipliedBy(2);
        }
    }

    private void streamOpened() {
        lastStreamActivityNanos = System.nanoTime();
        streamOpen.set(true);
        state.markSynced();
        LOG.log(Level.INFO, "revocation stream open");
    }

    /** Closes a stream that has been silent too long; the stream loop then reconnects. */
    private void watchdogLoop() {
        while (running.get()) {
            InputStream stream = openStream.get();
            if (stream != null && System.nanoTime() - lastStreamActivityNanos > streamIdleTimeout.toNanos()) {
                LOG.log(Level.WARNING, "revocation stream silent for " + streamIdleTimeout.toSeconds() + " s, reopening");
                closeQuietly(stream);
            }
            if (!sleep(Duration.ofMillis(Math.max(100, streamIdleTimeout.toMillis() / 4)))) {
                return;
            }
        }
    }

    private void apply(RevocationChange change) {
        state.apply(change);
        applied.increment();
    }

    /** @return false when the sync was stopped meanwhile */
    private boolean sleep(Duration duration) {
        try {
            return !stopped.await(Math.max(1, duration.toMillis()), TimeUnit.MILLISECONDS) && running.get();
        } catch (InterruptedException e) {
            return false;
        }
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // already broken
        }
    }

    @Override
    public void close() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        stopped.countDown();
        InputStream stream = openStream.get();
        if (stream != null) {
            closeQuietly(stream);
        }
        for (Thread t : new Thread[] {pollThread, streamThread, watchdogThread}) {
            if (t != null) {
                t.interrupt();
                try {
                    t.join(Duration.ofSeconds(2));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
