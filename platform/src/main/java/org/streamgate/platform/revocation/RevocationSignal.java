package org.streamgate.platform.revocation;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes revocation stream subscribers when the feed may have grown.
 *
 * <p>Concurrency: a generation counter guarded by one lock; {@link #bump()} is called by the LISTEN thread (and by
 * writers in this process), {@link #await} by each SSE handler thread. A missed wake-up costs at most one timeout,
 * because subscribers re-read the feed after every wait anyway.
 */
public final class RevocationSignal {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long generation;
    private boolean closed;

    public long generation() {
        lock.lock();
        try {
            return generation;
        } finally {
            lock.unlock();
        }
    }

    public void bump() {
        lock.lock();
        try {
            generation++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the generation differs from {@code seen}, the timeout passes, or the signal closes. */
    public long await(long seen, Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (generation == seen && !closed && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            return generation;
        } finally {
            lock.unlock();
        }
    }

    public boolean closed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
