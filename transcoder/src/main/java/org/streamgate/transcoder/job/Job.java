package org.streamgate.transcoder.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.streamgate.common.internalapi.StreamProfile;
import org.streamgate.common.internalapi.StreamStateReport;
import org.streamgate.transcoder.ffmpeg.FfmpegBinary;
import org.streamgate.transcoder.ffmpeg.FfmpegCommand;
import org.streamgate.transcoder.ffmpeg.FfmpegProcess;
import org.streamgate.transcoder.ffmpeg.InputSource;
import org.streamgate.transcoder.ffmpeg.ProcessTracker;
import org.streamgate.transcoder.ffmpeg.Progress;
import org.streamgate.transcoder.ffmpeg.RingLog;
import org.streamgate.transcoder.ffmpeg.StreamInfo;
import org.streamgate.transcoder.profile.Rendition;
import org.streamgate.transcoder.report.StateReporter;

/**
 * One event's transcoding, supervised: it runs FFmpeg, restarts it when it dies or stalls, waits out the
 * reconnect window when the input goes away, stitches every run into the same playlists, and finalises them
 * into one VOD (DESIGN §2 step 6, §3.8).
 *
 * <p>Supervision rules. A run that listed segments and then exited is restarted at once (a crash or kill, or
 * the publisher leaving — exit status 0 — which is reported as {@code reconnecting} straight away). A run that
 * listed nothing is retried with a growing pause ({@link #BACKOFF}). No listed segment for
 * {@code reconnectGrace} after losing the input: {@code reconnecting}. Still nothing when the reconnect window
 * ends: finalise (or fail, when nothing was ever listed). No media progress for {@code stallSegments} segment
 * lengths: SIGKILL and restart. More than {@code maxRestartsPerMinute} restarts in a minute: finalise what
 * exists and report {@code failed}.
 *
 * <p>Concurrency: one supervisor thread (virtual, named {@code job-<eventId>}) owns the FFmpeg process and the
 * playlists. Other threads only read snapshots and request finishing/stopping; what they share with the
 * supervisor is its {@link JobStatus} (state, counters, requests, which also wakes a supervisor pausing between
 * attempts) or volatile (current process, plan, last segment time).
 */
public final class Job {

    private static final System.Logger LOG = System.getLogger(Job.class.getName());
    /** Pauses before retrying a run that listed nothing: first retry at once, then growing, capped at 2 s. */
    static final List<Duration> BACKOFF = List.of(Duration.ZERO, Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(2));
    static final Duration STOP_GRACE = Duration.ofSeconds(5);

    /**
     * Everything a job needs from its surroundings.
     *
     * @param reconnectGrace how long after losing the input (with FFmpeg already restarted) before it counts as
     *                       {@code reconnecting}
     * @param pollInterval   how often the run playlists are checked for new segments
     */
    public record Settings(FfmpegBinary binary, ProcessTracker tracker, StateReporter reporter, Clock clock,
                           Path streamRoot, Path workRoot, int segmentSeconds, Duration reconnectWindow,
                           Duration reconnectGrace, int stallSegments, int maxRestartsPerMinute, int threads,
                           int nice, List<Rendition> ladder, Duration pollInterval) {
    }

    private final String eventId;
    private final InputSource input;
    private final StreamProfile profile;
    private final Settings s;
    private final Path eventDir;
    private final Path workDir;
    private final RingLog log = new RingLog(RingLog.DEFAULT_LINES);
    private final CountDownLatch done = new CountDownLatch(1);
    private final Instant createdAt;
    private final JobStatus status;

    private final ProfilePlanner planner;
    private volatile FfmpegProcess current;
    /** Null until the input could be planned (probed). */
    private volatile EventPlaylists output;
    private volatile Instant lastSegmentAt;
    private volatile Progress lastProgress = Progress.NONE;
    private volatile StreamInfo lastInfo = StreamInfo.UNKNOWN;
    /** Length of a file input, from the probe; 0 for live inputs or when FFmpeg could not tell. */
    private volatile long fileDurationMicros;
    private final RestartBudget restartBudget;

    public Job(String eventId, InputSource input, StreamProfile profile, Settings settings) {
        this.eventId = EventIds.require(eventId);
        this.input = input;
        this.profile = profile;
        this.s = settings;
        this.eventDir = settings.streamRoot().resolve(eventId);
        this.workDir = settings.workRoot().resolve(eventId);
        this.createdAt = settings.clock().instant();
        this.status = new JobStatus(createdAt);
        this.planner = new ProfilePlanner(settings.binary(), settings.ladder());
        this.restartBudget = new RestartBudget(settings.maxRestartsPerMinute());
    }

    public String eventId() {
        return eventId;
    }

    public Path eventDir() {
        return eventDir;
    }

    /** Starts the supervisor thread. */
    public void start() {
        LOG.log(System.Logger.Level.INFO, eventId + " job starting: input " + input.masked() + ", profile "
                + profile.wireName());
        Thread.ofVirtual().name("job-" + eventId).start(this::supervise);
    }

    /** Asks the job to finalise to VOD now (DELETE /jobs/<id>). Returns at once. */
    public void requestFinish() {
        status.request(JobStatus.Request.FINISH);
    }

    /** Server shutdown: stop FFmpeg, keep the playlists open (a later job resumes them), report nothing. */
    public void requestStop() {
        status.request(JobStatus.Request.STOP);
    }

    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public JobState state() {
        return status.state();
    }

    public JobSnapshot snapshot(boolean withLog) {
        Instant now = s.clock().instant();
        FfmpegProcess p = current;
        EventPlaylists out = output;
        Instant last = lastSegmentAt;
        Progress progress = p != null ? p.progress() : lastProgress;
        StreamInfo info = p != null ? p.streamInfo() : lastInfo;
        long duration = fileDurationMicros;
        JobStatus.View v = status.view();
        Optional<Integer> percent = input.kind() == InputSource.Kind.FILE
                ? Optional.of(progressPercent(v.state(), progress.outTimeMicros(), duration))
                : Optional.empty();
        return new JobSnapshot(
                eventId,
                profile.wireName(),
                v.state(),
                input.masked(),
                p != null ? p.pid() : -1,
                v.runs(),
                v.restarts(),
                out == null ? List.of() : out.renditionNames(),
                out == null ? 0 : out.minSegmentCount(),
                last == null ? Optional.empty() : Optional.of(Duration.between(last, now).toMillis() / 1000.0),
                p != null ? progress.speed() : Double.NaN,
                p != null ? progress.fps() : Double.NaN,
                progress.outTimeMicros() / 1_000_000.0,
                info.inputBitrateKbps(),
                percent,
                duration > 0 ? Optional.of(duration / 1_000_000.0) : Optional.empty(),
                createdAt,
                v.stateSince(),
                v.lastExitCode(),
                v.reason(),
                withLog ? log.lines() : List.of());
    }

    /**
     * How far a file conversion is, 0..100: media time written over the probed duration, held at 99 until the
     * VOD is final (100 once {@code ended}).
     */
    static int progressPercent(JobState state, long outTimeMicros, long durationMicros) {
        if (state == JobState.ENDED) {
            return 100;
        }
        if (durationMicros <= 0 || outTimeMicros <= 0) {
            return 0;
        }
        return (int) Math.min(99, outTimeMicros * 100 / durationMicros);
    }

    // ---------------------------------------------------------------- supervisor thread only below

    private void supervise() {
        try {
            Files.createDirectories(eventDir);
            Files.createDirectories(workDir);
            loop();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.ERROR, eventId + " supervisor failed", e);
            FfmpegProcess p = current;
            if (p != null) {
                p.kill();
            }
            setState(JobState.FAILED, "internal error: " + e.getClass().getSimpleName());
        } finally {
            deleteWorkDir();
            done.countDown();
        }
    }

    private void loop() throws IOException, InterruptedException {
        Instant startedAt = s.clock().instant();
        int failures = 0;
        while (status.pending() == JobStatus.Request.NONE) {
            if (output == null) {
                planOutput();
            }
            boolean produced = false;
            int exit = FfmpegProcess.LAUNCH_FAILED;
            if (output != null) {
                RunOutcome result = runOnce(startedAt);
                produced = result.produced();
                exit = result.exit();
            }
            if (status.pending() != JobStatus.Request.NONE) {
                break;
            }
            Instant now = s.clock().instant();
            if (produced) {
                failures = 0;
                if (input.kind() == InputSource.Kind.FILE) {
                    if (exit == 0) {
                        status.request(JobStatus.Request.FINISH);
                    } else {
                        finalise(JobState.FAILED, "ffmpeg exited with " + exit + " while converting the file");
                        return;
                    }
                    break;
                }
                status.inputLost(now);
                if (!restartBudget.allow(now)) {
                    finalise(JobState.FAILED, "more than " + s.maxRestartsPerMinute() + " restarts in a minute");
                    return;
                }
                if (exit == 0) {
                    setState(JobState.RECONNECTING, "input ended");
                }
                LOG.log(System.Logger.Level.INFO, eventId + " ffmpeg exited with " + exit + "; restarting");
                continue;
            }
            failures++;
            if (input.kind() == InputSource.Kind.FILE) {
                finalise(JobState.FAILED, "ffmpeg could not convert the file (exit " + exit + ")");
                return;
            }
            if (windowOver(startedAt, now)) {
                giveUp();
                return;
            }
            checkGrace(now);
            status.awaitRequest(BACKOFF.get(Math.min(failures, BACKOFF.size()) - 1));
        }
        if (status.pending() == JobStatus.Request.STOP) {
            if (output != null) {
                output.endRun();
            }
            setState(JobState.STOPPED, "transcoder shut down");
        } else {
            finalise(JobState.ENDED, "finished");
        }
    }

    /** How one FFmpeg run went: whether it listed a segment, and its exit value. */
    private record RunOutcome(boolean produced, int exit) {
    }

    private RunOutcome runOnce(Instant startedAt) throws IOException {
        EventPlaylists out = output;
        long start = out.nextSegmentNumber();
        int runNo = status.startRun();
        out.beginRun(workDir, runNo);
        var settings = new FfmpegCommand.Settings(s.binary(), input, out.plan(), eventDir, workDir, runNo,
                (int) Math.min(Integer.MAX_VALUE, start), s.segmentSeconds(), s.threads(), s.nice());
        log.add("--- run " + runNo + ", first segment " + start + " ---");
        FfmpegProcess p = FfmpegProcess.start(FfmpegCommand.commandLine(settings), input, log, s.tracker(),
                s.clock(), eventId);
        current = p;
        LOG.log(System.Logger.Level.DEBUG, eventId + " run " + runNo + " started, pid " + p.pid());
        boolean produced = false;
        Duration stallAfter = Duration.ofSeconds((long) s.stallSegments() * s.segmentSeconds());
        try {
            while (p.isRunning()) {
                if (status.pending() != JobStatus.Request.NONE) {
                    p.stop(STOP_GRACE);
                    break;
                }
                if (out.poll()) {
                    produced = true;
                    onSegments();
                }
                Instant now = s.clock().instant();
                Instant lastActivity = latest(p.lastAdvance(), produced ? lastSegmentAt : null, p.startedAt());
                if (Duration.between(lastActivity, now).compareTo(stallAfter) > 0) {
                    LOG.log(System.Logger.Level.WARNING, eventId + " ffmpeg made no progress for " + stallAfter
                            .toSeconds() + " s; killing pid " + p.pid());
                    log.add("--- stalled: killed ---");
                    p.kill();
                    p.awaitExit(Duration.ofSeconds(5));
                    break;
                }
                if (!produced) {
                    if (windowOver(startedAt, now)) {
                        p.stop(STOP_GRACE);
                        break;
                    }
                    checkGrace(now);
                }
                p.awaitExit(s.pollInterval());
            }
            if (out.endRun()) {
                produced = true;
            }
            if (produced) {
                onSegments();
            }
        } finally {
            lastProgress = p.progress();
            lastInfo = p.streamInfo();
            current = null;
        }
        int exit = p.exit().getNow(FfmpegProcess.LAUNCH_FAILED);
        status.runEnded(exit);
        return new RunOutcome(produced, exit);
    }

    private void onSegments() throws IOException {
        lastSegmentAt = s.clock().instant();
        if (!output.everyRenditionHasSegment()) {
            return;
        }
        output.writeMasterOnce(sourceInfo());
        status.inputBack();
        JobState producing = input.kind() == InputSource.Kind.FILE ? JobState.PROCESSING : JobState.LIVE;
        if (state() != producing) {
            setState(producing, null);
        }
    }

    private void checkGrace(Instant now) {
        Optional<Instant> lost = status.lostAt();
        if (lost.isPresent() && state() == JobState.LIVE
                && Duration.between(lost.get(), now).compareTo(s.reconnectGrace()) >= 0) {
            setState(JobState.RECONNECTING, "no segment since the input was lost");
        }
    }

    private boolean windowOver(Instant startedAt, Instant now) {
        Instant base = status.lostAt().orElse(startedAt);
        return Duration.between(base, now).compareTo(s.reconnectWindow()) >= 0;
    }

    private void giveUp() throws IOException {
        if (totalSegments() == 0) {
            finalise(JobState.FAILED, "the input never became available");
        } else {
            finalise(JobState.ENDED, "the input did not come back within the reconnect window");
        }
    }

    private int totalSegments() {
        EventPlaylists out = output;
        return out == null ? 0 : out.totalSegments();
    }

    private void finalise(JobState outcome, String why) throws IOException {
        setState(JobState.FINALISING, why);
        if (output != null) {
            output.finish();
        }
        if (totalSegments() == 0) {
            setState(JobState.FAILED, outcome == JobState.FAILED ? why : "no media was received");
            return;
        }
        output.writeMasterOnce(sourceInfo());
        setState(outcome, why);
    }

    private void planOutput() throws IOException {
        ProfilePlanner.Planned planned = planner.plan(eventId, input, profile, log);
        if (input.kind() == InputSource.Kind.FILE) {
            fileDurationMicros = planned.durationMicros();
        }
        if (planned.plan().isEmpty()) {
            return;
        }
        if (planned.info() != StreamInfo.UNKNOWN) {
            lastInfo = planned.info();
        }
        output = EventPlaylists.open(eventId, eventDir, planned.plan().get(), s.segmentSeconds(), s.clock(),
                input.kind() != InputSource.Kind.FILE);
    }

    /** The source as the running FFmpeg sees it, else as last seen. */
    private StreamInfo sourceInfo() {
        FfmpegProcess p = current;
        return p != null && p.streamInfo().hasVideo() ? p.streamInfo() : lastInfo;
    }

    private void setState(JobState next, String why) {
        Instant now = s.clock().instant();
        Optional<JobState> left = status.moveTo(next, why, now);
        if (left.isEmpty()) {
            return;
        }
        JobState previous = left.get();
        LOG.log(System.Logger.Level.INFO, eventId + " " + previous.wireName() + " -> " + next.wireName()
                + (why == null ? "" : " (" + why + ")"));
        next.reported().ifPresent(st -> s.reporter().report(eventId, new StreamStateReport(st, now)));
    }

    private static Instant latest(Instant... instants) {
        return Stream.of(instants).filter(java.util.Objects::nonNull).max(Comparator.naturalOrder()).orElseThrow();
    }

    private void deleteWorkDir() {
        try (Stream<Path> files = Files.exists(workDir) ? Files.list(workDir) : Stream.empty()) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(workDir);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, eventId + " could not clean " + workDir + ": " + e.getMessage());
        }
    }
}
