package org.streamgate.transcoder.job;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.streamgate.common.internalapi.JobRequest;

/**
 * All jobs of this transcoder, by event id: the one owner of "which event has a running job". Finished jobs
 * stay listed (with their final state) until a new job for the same event replaces them.
 *
 * <p>Concurrency: every access to the map and to the set of events being purged goes through this instance's
 * lock, so "is a job running for this event / are its files being deleted / are we at MAX_JOBS" and the insert
 * are one atomic step. Jobs themselves are started and asked to
 * finish outside the lock; they are thread-safe.
 */
public final class JobRegistry {

    private static final System.Logger LOG = System.getLogger(JobRegistry.class.getName());
    /** A terminal job may still be removing its work folder; a purge waits this long for it. */
    static final Duration PURGE_WAIT = Duration.ofSeconds(5);

    /** Why {@link #start} refused. */
    public sealed interface StartResult {
        record Started(Job job) implements StartResult { }

        record AlreadyRunning(JobSnapshot existing) implements StartResult { }

        record Full(int maxJobs) implements StartResult { }

        /** The event's files are being deleted right now. */
        record Purging(String eventId) implements StartResult { }
    }

    /** What {@link #purge} did. */
    public sealed interface PurgeResult {
        record Purged(EventFiles.Deleted deleted) implements PurgeResult { }

        record JobRunning(JobSnapshot job) implements PurgeResult { }

        /** Another purge of the same event is under way. */
        record AlreadyPurging(String eventId) implements PurgeResult { }
    }

    /** Deletes an event's files; called with no job for the event running and none able to start. */
    @FunctionalInterface
    public interface Purger {
        EventFiles.Deleted delete(String eventId) throws IOException;
    }

    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Set<String> purging = new HashSet<>();
    private final int maxJobs;
    private final Function<JobRequest, Job> factory;
    private boolean closed;

    /** @param factory builds (but does not start) a job; may throw IllegalArgumentException for a bad request */
    public JobRegistry(int maxJobs, Function<JobRequest, Job> factory) {
        this.maxJobs = maxJobs;
        this.factory = factory;
    }

    public StartResult start(JobRequest request) {
        Job job;
        synchronized (this) {
            if (closed) {
                return new StartResult.Full(0);
            }
            Job existing = jobs.get(request.eventId());
            if (existing != null && !existing.state().isTerminal()) {
                return new StartResult.AlreadyRunning(existing.snapshot(false));
            }
            if (purging.contains(request.eventId())) {
                return new StartResult.Purging(request.eventId());
            }
            if (activeCount() >= maxJobs) {
                return new StartResult.Full(maxJobs);
            }
            job = factory.apply(request);
            jobs.remove(request.eventId());
            jobs.put(request.eventId(), job);
        }
        job.start();
        return new StartResult.Started(job);
    }

    /**
     * Retention: deletes the event's files unless a job for it runs. While {@code purger} works (outside the
     * lock: a long event has many segments) no job for the event can start. A finished job's record goes too.
     */
    public PurgeResult purge(String eventId, Purger purger) throws IOException, InterruptedException {
        Job finished;
        synchronized (this) {
            finished = jobs.get(eventId);
            if (finished != null && !finished.state().isTerminal()) {
                return new PurgeResult.JobRunning(finished.snapshot(false));
            }
            if (!purging.add(eventId)) {
                return new PurgeResult.AlreadyPurging(eventId);
            }
        }
        try {
            if (finished != null && !finished.awaitTermination(PURGE_WAIT)) {
                LOG.log(System.Logger.Level.WARNING, eventId + " job still cleaning up; purging anyway");
            }
            EventFiles.Deleted deleted = purger.delete(eventId);
            synchronized (this) {
                jobs.remove(eventId, finished);
            }
            return new PurgeResult.Purged(deleted);
        } finally {
            synchronized (this) {
                purging.remove(eventId);
            }
        }
    }

    public synchronized Optional<Job> get(String eventId) {
        return Optional.ofNullable(jobs.get(eventId));
    }

    public List<JobSnapshot> list() {
        List<Job> copy;
        synchronized (this) {
            copy = new ArrayList<>(jobs.values());
        }
        return copy.stream().map(j -> j.snapshot(false))
                .sorted(Comparator.comparing(JobSnapshot::createdAt)).toList();
    }

    public synchronized int activeCount() {
        return (int) jobs.values().stream().filter(j -> !j.state().isTerminal()).count();
    }

    public int maxJobs() {
        return maxJobs;
    }

    public Map<JobState, Integer> countByState() {
        Map<JobState, Integer> counts = new EnumMap<>(JobState.class);
        for (JobState st : JobState.values()) {
            counts.put(st, 0);
        }
        List<Job> copy;
        synchronized (this) {
            copy = new ArrayList<>(jobs.values());
        }
        copy.forEach(j -> counts.merge(j.state(), 1, Integer::sum));
        return counts;
    }

    /** Stops every running job (server shutdown): FFmpeg gets SIGTERM, playlists stay open for a later resume. */
    public void stopAll(Duration timeout) {
        List<Job> copy;
        synchronized (this) {
            closed = true;
            copy = new ArrayList<>(jobs.values());
        }
        copy.forEach(Job::requestStop);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Job j : copy) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!j.awaitTermination(Duration.ofNanos(left))) {
                    LOG.log(System.Logger.Level.WARNING, j.eventId() + " did not stop within " + timeout);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
