package org.streamgate.transcoder.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What a {@link Job}'s supervisor thread shares with the threads that read the job or ask it to end: its state and
 * why, the run and restart counts, when the input was lost, and the pending finish/stop request.
 *
 * <p>Concurrency: thread-safe; every field is guarded by one monitor, which also carries the wake-up when a request
 * arrives during {@link #awaitRequest(Duration)}.
 */
final class JobStatus {

    /** What another thread asked the supervisor to do. */
    enum Request { NONE, FINISH, STOP }

    /** A consistent reading of the status, for a snapshot. */
    record View(JobState state, Instant stateSince, int runs, int restarts, Optional<Integer> lastExitCode,
                Optional<String> reason) {
    }

    private JobState state = JobState.STARTING;
    private Instant stateSince;
    private Request request = Request.NONE;
    private int runs;
    private int restarts;
    private Integer lastExitCode;
    private String reason;
    private Instant lostAt;

    JobStatus(Instant createdAt) {
        this.stateSince = createdAt;
    }

    synchronized JobState state() {
        return state;
    }

    synchronized View view() {
        return new View(state, stateSince, runs, restarts, Optional.ofNullable(lastExitCode), Optional.ofNullable(reason));
    }

    /**
     * Moves to {@code next}, unless the job is already there or has ended.
     *
     * @param why kept as the reason when not null
     * @return the state left, or empty when nothing changed
     */
    synchronized Optional<JobState> moveTo(JobState next, String why, Instant now) {
        JobState previous = state;
        if (previous == next || previous.isTerminal()) {
            return Optional.empty();
        }
        state = next;
        stateSince = now;
        if (why != null) {
            reason = why;
        }
        return Optional.of(previous);
    }

    /** A stop overrides a pending finish; a finish never overrides a stop. Wakes {@link #awaitRequest}. */
    synchronized void request(Request r) {
        if (request == Request.NONE || r == Request.STOP) {
            request = r;
        }
        notifyAll();
    }

    synchronized Request pending() {
        return request;
    }

    /** Waits up to {@code d}, returning early when a request arrives (or is already pending). */
    synchronized void awaitRequest(Duration d) throws InterruptedException {
        long deadline = System.nanoTime() + d.toNanos();
        while (request == Request.NONE) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** @return the number of the run about to start (1 for the first) */
    synchronized int startRun() {
        return ++runs;
    }

    synchronized void runEnded(int exit) {
        lastExitCode = exit;
    }

    /** A run that had produced segments ended at {@code at}: the input counts as lost from then, FFmpeg restarts. */
    synchronized void inputLost(Instant at) {
        lostAt = at;
        restarts++;
    }

    /** Segments are coming again. */
    synchronized void inputBack() {
        lostAt = null;
    }

    /** When the input was lost, if it has not come back since. */
    synchronized Optional<Instant> lostAt() {
        return Optional.ofNullable(lostAt);
    }
}
