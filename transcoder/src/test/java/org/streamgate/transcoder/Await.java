package org.streamgate.transcoder;

import java.time.Duration;

/** Polls a condition until a deadline (tests never sleep to synchronise). */
final class Await {

    private Await() {
    }

    /** A condition that may fail while things are still settling. */
    @FunctionalInterface
    interface Check {
        boolean test() throws Exception;
    }

    static void until(Duration timeout, String what, Check condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (condition.test()) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            } catch (Exception | AssertionError e) {
                // not ready yet (e.g. file half there)
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
