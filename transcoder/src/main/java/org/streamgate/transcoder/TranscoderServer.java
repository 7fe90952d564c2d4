package org.streamgate.transcoder;

import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.streamgate.common.http.JsonDirectHandler;
import org.streamgate.common.http.ServerStart;
import org.streamgate.common.internalapi.JobRequest;
import org.streamgate.transcoder.ffmpeg.FfmpegBinary;
import org.streamgate.transcoder.ffmpeg.InputSource;
import org.streamgate.transcoder.ffmpeg.ProcessTracker;
import org.streamgate.transcoder.http.ApiException;
import org.streamgate.transcoder.http.ErrorHandlers;
import org.streamgate.transcoder.http.EventFilesService;
import org.streamgate.transcoder.http.HealthService;
import org.streamgate.transcoder.http.InternalKeyFilter;
import org.streamgate.transcoder.http.JobsService;
import org.streamgate.transcoder.http.MetricsService;
import org.streamgate.transcoder.job.EventFiles;
import org.streamgate.transcoder.job.Job;
import org.streamgate.transcoder.job.JobRegistry;
import org.streamgate.transcoder.profile.ProfilePlan;
import org.streamgate.transcoder.profile.Rendition;
import org.streamgate.transcoder.report.PlatformClient;
import org.streamgate.transcoder.report.StateReporter;

/** Builds every object by hand, registers the routes and runs the web server. {@link #stop()} leaves no FFmpeg behind. */
public final class TranscoderServer {

    private static final System.Logger LOG = System.getLogger(TranscoderServer.class.getName());
    /** Name of the folder under STREAM_ROOT holding FFmpeg's private run playlists (not a valid event id). */
    public static final String WORK_DIR = ".transcoder";
    static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    static final Duration DELETE_WAIT = Duration.ofSeconds(20);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final WebServer webServer;
    private final JobRegistry registry;
    private final ProcessTracker tracker;
    private final PlatformClient platform;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private TranscoderServer(WebServer webServer, JobRegistry registry, ProcessTracker tracker, PlatformClient platform) {
        this.webServer = webServer;
        this.registry = registry;
        this.tracker = tracker;
        this.platform = platform;
    }

    public static TranscoderServer start(TranscoderConfig config) {
        return start(config, Clock.systemUTC(), config.abrLadder());
    }

    public static TranscoderServer start(TranscoderConfig config, Clock clock, List<Rendition> ladder) {
        FfmpegBinary binary = FfmpegBinary.resolve(config.ffmpegPath(), System.getenv("PATH"), FfmpegBinary.defaultCacheDir());
        LOG.log(System.Logger.Level.INFO, "ffmpeg " + binary.path() + " (major version " + binary.majorVersion()
                + ", from " + binary.source() + ")");
        ProcessTracker tracker = new ProcessTracker();
        PlatformClient platform = config.platformAppUrl()
                .map(url -> new PlatformClient(url, config.internalApiKey())).orElse(null);
        StateReporter reporter = platform != null ? platform : StateReporter.NONE;
        Job.Settings settings = new Job.Settings(binary, tracker, reporter, clock, config.streamRoot(),
                config.streamRoot().resolve(WORK_DIR), config.segmentSeconds(),
                Duration.ofSeconds(config.reconnectWindowSeconds()),
                Duration.ofSeconds(Math.max(6, 3L * config.segmentSeconds())),
                config.stallSegments(), config.maxRestartsPerMinute(), config.ffmpegThreads(), config.ffmpegNice(), ladder, POLL_INTERVAL);
        JobRegistry registry = new JobRegistry(config.maxJobs(), (JobRequest r) ->
                new Job(r.eventId(), new InputSource(r.input()), r.profile(), settings));

        WebServer server = ServerStart.start(WebServer.builder()
                .port(config.port())
                .routing(r -> routing(r, config, registry, binary, platform))
                .directHandlers(d -> JsonDirectHandler.addTo(d::addHandler)), "PORT");
        LOG.log(System.Logger.Level.INFO, "transcoder listening on port " + server.port());
        return new TranscoderServer(server, registry, tracker, platform);
    }

    static void routing(HttpRouting.Builder routing, TranscoderConfig config, JobRegistry registry,
                        FfmpegBinary binary, PlatformClient platform) {
        routing.addFilter(new InternalKeyFilter(config.internalApiKey()))
                .register("/jobs", new JobsService(registry, DELETE_WAIT))
                .register("/events", new EventFilesService(registry,
                        id -> EventFiles.delete(config.streamRoot(), config.streamRoot().resolve(WORK_DIR), id)))
                .register("/health", new HealthService(binary.path(), config.streamRoot()))
                .register("/metrics", new MetricsService(registry,
                        () -> platform == null ? 0 : platform.delivered(),
                        () -> platform == null ? 0 : platform.failedAttempts(),
                        () -> platform == null ? 0 : platform.rejected()))
                .any((req, res) -> {
                    throw new ApiException(Status.NOT_FOUND_404, "not_found", "no such route");
                });
        ErrorHandlers.register(routing);
    }

    public int port() {
        return webServer.port();
    }

    public JobRegistry registry() {
        return registry;
    }

    /** Stops jobs (SIGTERM to FFmpeg, SIGKILL after a grace), kills anything left, then the web server. */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, "stopping: " + registry.activeCount() + " running job(s)");
        registry.stopAll(STOP_TIMEOUT);
        tracker.killAll();
        if (platform != null) {
            platform.close();
        }
        webServer.stop();
    }
}
