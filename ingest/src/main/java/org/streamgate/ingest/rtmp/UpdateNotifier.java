package org.streamgate.ingest.rtmp;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.streamgate.ingest.hook.PublishHookClient;
import org.streamgate.ingest.http.IngestMetrics;

/**
 * Named task {@code publisher-updates}: nginx-rtmp's {@code on_update} for publishers. Each accepted publisher is
 * reported every {@code NOTIFY_UPDATE_TIMEOUT_SECONDS}, counted from the previous answer as nginx-rtmp does; an
 * answer that drops it (see {@link PublishHookClient#update}) disconnects it, so {@code publish_done} follows. This is
 * how a platform ends a stream whose access was pulled.
 *
 * <p>Concurrency: a one-thread timer finds due sessions; each call runs on its own virtual thread, at most one in
 * flight per session ({@link #inFlight}). {@link #nextDue} is written by the timer (first sight) and by the call's
 * thread (after the answer).
 */
final class UpdateNotifier implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(UpdateNotifier.class.getName());
    private static final long TICK_MS = 200;

    private final PublishSessions sessions;
    private final PublishHookClient hook;
    private final IngestMetrics metrics;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final Map<PublishSession, Long> nextDue = new ConcurrentHashMap<>();
    private final Set<PublishSession> inFlight = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("publisher-updates").factory());
    private final ExecutorService calls = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("on-update-", 0).factory());

    UpdateNotifier(PublishSessions sessions, PublishHookClient hook, IngestMetrics metrics, Duration interval,
                   LongSupplier nanoClock) {
        this.sessions = sessions;
        this.hook = hook;
        this.metrics = metrics;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    void start() {
        if (hook.updatesEnabled()) {
            timer.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void tick() {
        try {
            long now = nanoClock.getAsLong();
            Set<PublishSession> live = Set.copyOf(sessions.snapshot());
            nextDue.keySet().retainAll(live);
            for (PublishSession s : live) {
                long due = nextDue.computeIfAbsent(s, k -> k.acceptedNanos() + intervalNanos);
                if (now - due >= 0 && inFlight.add(s)) {
                    calls.execute(() -> send(s));
                }
            }
        } catch (RejectedExecutionException e) {
            // stopping
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "publisher update tick failed: " + e);
        }
    }

    private void send(PublishSession s) {
        try {
            long now = nanoClock.getAsLong();
            String body = s.publish().toUpdateFormBody(TimeUnit.NANOSECONDS.toSeconds(now - s.acceptedNanos()),
                    s.rtmpTimestamp().getAsLong());
            if (hook.update(body, s.logId())) {
                nextDue.replace(s, nanoClock.getAsLong() + intervalNanos);
            } else if (sessions.get(s.publishedName()).filter(s::equals).isPresent()) {
                metrics.publisherDropped();
                LOG.log(System.Logger.Level.WARNING, s.logId() + " dropped by on_update: disconnecting the publisher");
                nextDue.remove(s);
                s.disconnect().run();
            }
        } finally {
            inFlight.remove(s);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        calls.shutdownNow();
    }
}
