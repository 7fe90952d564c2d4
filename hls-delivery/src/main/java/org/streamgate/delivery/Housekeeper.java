package org.streamgate.delivery;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The named task {@code delivery-housekeeper}: runs each chore (drop expired tokens and revocations, evict the
 * segment cache) every interval on one platform thread, and stops with the server. A failing chore is logged and
 * retried next round.
 */
final class Housekeeper implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Housekeeper.class.getName());

    private final List<Runnable> chores;
    private final Duration interval;
    private ScheduledExecutorService executor;

    Housekeeper(List<Runnable> chores, Duration interval) {
        this.chores = List.copyOf(chores);
        this.interval = interval;
    }

    synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "delivery-housekeeper");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::runOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void runOnce() {
        for (Runnable chore : chores) {
            try {
                chore.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "housekeeping chore failed: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }
}
