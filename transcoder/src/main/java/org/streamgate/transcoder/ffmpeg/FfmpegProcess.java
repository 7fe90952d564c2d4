package org.streamgate.transcoder.ffmpeg;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteResultHandler;
import org.apache.commons.exec.ExecuteStreamHandler;
import org.apache.commons.exec.ProcessDestroyer;

/**
 * One running FFmpeg, started through commons-exec. Its stdout ({@code -progress pipe:1}) and stderr are drained
 * continuously by two virtual threads, so a pipe never fills: progress blocks go to {@link #progress()}, stderr
 * lines (with the input URL masked) to the job's {@link RingLog} and the {@link StreamInfoParser}.
 *
 * <p>Concurrency: created and stopped by the job's supervisor thread; the reader threads publish through
 * volatile fields; {@link #exit()} completes on the executor's thread.
 */
public final class FfmpegProcess {

    private static final System.Logger LOG = System.getLogger(FfmpegProcess.class.getName());
    /** Exit value reported when FFmpeg could not be started at all. */
    public static final int LAUNCH_FAILED = -1;

    private final Clock clock;
    private final CompletableFuture<Process> process = new CompletableFuture<>();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final StreamInfoParser infoParser = new StreamInfoParser();
    private final Instant startedAt;
    private volatile Progress progress = Progress.NONE;
    private volatile Instant lastAdvance;

    private FfmpegProcess(Clock clock) {
        this.clock = clock;
        this.startedAt = clock.instant();
        this.lastAdvance = startedAt;
    }

    /**
     * Starts FFmpeg and returns once the process exists (or failed to start, then {@link #exit()} is complete
     * with {@link #LAUNCH_FAILED}).
     */
    public static FfmpegProcess start(CommandLine cmd, InputSource input, RingLog log, ProcessDestroyer tracker,
                                      Clock clock, String logPrefix) {
        FfmpegProcess p = new FfmpegProcess(clock);
        DefaultExecutor executor = DefaultExecutor.builder()
                .setThreadFactory(Thread.ofPlatform().name("ffmpeg-exec-" + logPrefix).daemon(true).factory())
                .get();
        executor.setExitValues(null);
        executor.setProcessDestroyer(new CapturingDestroyer(tracker, p.process));
        executor.setStreamHandler(p.new Drain(input, log, logPrefix));
        try {
            executor.execute(cmd, Map.copyOf(System.getenv()), p.new ResultHandler(tracker));
        } catch (IOException e) {
            log.add("launch failed: " + e.getMessage());
            p.exit.complete(LAUNCH_FAILED);
            p.process.completeExceptionally(e);
            return p;
        }
        try {
            CompletableFuture.anyOf(p.process, p.exit).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, logPrefix + " ffmpeg did not report its process: " + e);
        }
        return p;
    }

    public long pid() {
        return process.isDone() && !process.isCompletedExceptionally() ? process.join().pid() : -1;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Progress progress() {
        return progress;
    }

    /** When media time last advanced (the start time until it first does). */
    public Instant lastAdvance() {
        return lastAdvance;
    }

    public StreamInfo streamInfo() {
        return infoParser.info();
    }

    /** Completes with the exit value once the process is gone and its output is drained. */
    public CompletableFuture<Integer> exit() {
        return exit;
    }

    public boolean isRunning() {
        return !exit.isDone();
    }

    /** Waits up to {@code d} for the process to end; returns early when it does, and on interruption. */
    public void awaitExit(Duration d) {
        try {
            exit.get(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // still running, or gone: the caller looks again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM (FFmpeg then closes the current segment and its playlist), SIGKILL after {@code grace}. */
    public Optional<Integer> stop(Duration grace) {
        Process proc = process.getNow(null);
        if (proc != null && proc.isAlive()) {
            proc.destroy();
        }
        try {
            return Optional.of(exit.get(grace.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        } catch (ExecutionException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(exit.get(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // reported by the caller through isRunning()
        }
        return Optional.empty();
    }

    /** SIGKILL, no waiting. */
    public void kill() {
        Process proc = process.getNow(null);
        if (proc != null && proc.isAlive()) {
            proc.destroyForcibly();
        }
    }

    private void onProgress(Progress p) {
        Progress previous = progress;
        progress = p;
        if (p.outTimeMicros() > previous.outTimeMicros() || p.frame() > previous.frame()) {
            lastAdvance = clock.instant();
        }
    }

    private final class ResultHandler implements ExecuteResultHandler {
        private final ProcessDestroyer tracker;

        ResultHandler(ProcessDestroyer tracker) {
            this.tracker = tracker;
        }

        @Override
        public void onProcessComplete(int exitValue) {
            done(exitValue);
        }

        @Override
        public void onProcessFailed(ExecuteException e) {
            done(e.getExitValue() == 0 && e.getCause() != null ? LAUNCH_FAILED : e.getExitValue());
        }

        private void done(int exitValue) {
            Process proc = process.getNow(null);
            if (proc != null) {
                tracker.remove(proc);
            } else {
                process.completeExceptionally(new IOException("ffmpeg did not start"));
            }
            exit.complete(exitValue);
        }
    }

    /** Records the {@link Process} commons-exec launched, then hands it to the shared tracker. */
    private record CapturingDestroyer(ProcessDestroyer tracker, CompletableFuture<Process> sink)
            implements ProcessDestroyer {
        @Override
        public boolean add(Process p) {
            sink.complete(p);
            return tracker.add(p);
        }

        @Override
        public boolean remove(Process p) {
            return tracker.remove(p);
        }

        @Override
        public int size() {
            return tracker.size();
        }
    }

    /** Drains both pipes on virtual threads; stop() waits for them so the exit is seen after the last line. */
    private final class Drain implements ExecuteStreamHandler {
        private final InputSource input;
        private final RingLog log;
        private final String logPrefix;
        private InputStream stdout;
        private InputStream stderr;
        private Thread outThread;
        private Thread errThread;

        Drain(InputSource input, RingLog log, String logPrefix) {
            this.input = input;
            this.log = log;
            this.logPrefix = logPrefix;
        }

        @Override
        public void setProcessInputStream(OutputStream os) throws IOException {
            os.close();
        }

        @Override
        public void setProcessOutputStream(InputStream is) {
            stdout = is;
        }

        @Override
        public void setProcessErrorStream(InputStream is) {
            stderr = is;
        }

        @Override
        public void start() {
            ProgressParser parser = new ProgressParser();
            outThread = Thread.ofVirtual().name("ffmpeg-progress-" + logPrefix)
                    .start(() -> readLines(stdout, line -> parser.accept(line).ifPresent(FfmpegProcess.this::onProgress)));
            errThread = Thread.ofVirtual().name("ffmpeg-stderr-" + logPrefix)
                    .start(() -> readLines(stderr, line -> {
                        String masked = input.maskIn(line);
                        log.add(masked);
                        infoParser.accept(masked);
                    }));
        }

        @Override
        public void stop() {
            join(outThread);
            join(errThread);
        }

        private void join(Thread t) {
            if (t == null) {
                return;
            }
            try {
                t.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void readLines(InputStream in, Consumer<String> sink) {
            if (in == null) {
                return;
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                // the pipe closes when the process dies; nothing to do
            }
        }
    }
}
