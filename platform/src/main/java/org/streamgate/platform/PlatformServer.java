package org.streamgate.platform;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.streamgate.common.http.JsonDirectHandler;
import org.streamgate.common.http.ServerStart;
import org.streamgate.common.internalapi.InternalApiKey;
import org.streamgate.common.token.SigningKeys;
import org.streamgate.platform.admin.AdminAuth;
import org.streamgate.platform.admin.AdminService;
import org.streamgate.platform.admin.AdminSessions;
import org.streamgate.platform.admin.AuditLog;
import org.streamgate.platform.admin.LoginThrottle;
import org.streamgate.platform.code.AccessCodeFormat;
import org.streamgate.platform.code.AdminCodeService;
import org.streamgate.platform.code.CodeRepository;
import org.streamgate.platform.config.PlatformConfig;
import org.streamgate.platform.db.Database;
import org.streamgate.platform.event.AdminEventService;
import org.streamgate.platform.event.EventRepository;
import org.streamgate.platform.event.StreamKeys;
import org.streamgate.platform.event.StreamStateService;
import org.streamgate.platform.http.ClientAddress;
import org.streamgate.platform.http.ErrorHandlers;
import org.streamgate.platform.http.InternalAuth;
import org.streamgate.platform.http.RateLimiter;
import org.streamgate.platform.playback.PlaybackService;
import org.streamgate.platform.playback.PlaybackTokens;
import org.streamgate.platform.revocation.RevocationListener;
import org.streamgate.platform.revocation.RevocationLog;
import org.streamgate.platform.revocation.RevocationService;
import org.streamgate.platform.revocation.RevocationSignal;
import org.streamgate.platform.rtmphook.NginxRtmpCallbackListener;
import org.streamgate.platform.rtmphook.RtmpHookService;
import org.streamgate.platform.session.AdminSessionService;
import org.streamgate.platform.session.SessionRepository;
import org.streamgate.platform.transcoder.TranscoderClient;
import org.streamgate.platform.vod.MediaProbe;
import org.streamgate.platform.vod.VodProgress;
import org.streamgate.platform.vod.VodUploadService;
import org.streamgate.platform.web.WebUi;

/**
 * Builds every platform object by hand, registers the routes and starts the web server. {@link #stop()} stops
 * everything it started, in reverse order.
 */
public final class PlatformServer {

    private static final System.Logger LOG = System.getLogger(PlatformServer.class.getName());

    private final Database database;
    private final TranscoderClient transcoder;
    private final RevocationSignal signal;
    private final RevocationListener listener;
    private final ScheduledExecutorService housekeeping;
    private final WebServer webServer;
    private final Optional<NginxRtmpCallbackListener> nginxRtmpCallbacks;

    private PlatformServer(Database database, TranscoderClient transcoder, RevocationSignal signal,
                           RevocationListener listener, ScheduledExecutorService housekeeping, WebServer webServer,
                           Optional<NginxRtmpCallbackListener> nginxRtmpCallbacks) {
        this.database = database;
        this.transcoder = transcoder;
        this.signal = signal;
        this.listener = listener;
        this.housekeeping = housekeeping;
        this.webServer = webServer;
        this.nginxRtmpCallbacks = nginxRtmpCallbacks;
    }

    public static PlatformServer start(PlatformConfig config) {
        return start(config, Clock.systemUTC());
    }

    public static PlatformServer start(PlatformConfig config, Clock clock) {
        Database database = Database.open(config.databaseUrl(), config.postgresDir());
        TranscoderClient transcoder = null;
        RevocationListener listener = null;
        RevocationSignal signal = new RevocationSignal();
        ScheduledExecutorService housekeeping = null;
        try {
            SecureRandom random = new SecureRandom();
            PlatformMetrics metrics = new PlatformMetrics();
            ClientAddress clientAddress = new ClientAddress(config.trustedProxies());
            InternalApiKey internalKey = InternalApiKey.of(config.internalApiKey());
            InternalAuth internalAuth = new InternalAuth(internalKey);
            var db = database.client();

            EventRepository events = new EventRepository(db);
            StreamKeys streamKeys = new StreamKeys(random);
            CodeRepository codes = new CodeRepository(db, new AccessCodeFormat(random), config.sessionTimeout());
            SessionRepository sessions = new SessionRepository(db, config.sessionTimeout());
            metrics.activeSessions(() -> sessions.countActive(clock.instant()));
            RateLimiter rateLimiter = new RateLimiter(db);
            PlaybackTokens tokens = new PlaybackTokens(
                    SigningKeys.of(config.signingSecret(), config.signingSecretPrevious()), config.tokenTtl());
            transcoder = new TranscoderClient(config.transcoderUrls(), internalKey, metrics,
                    new TranscoderClient.Assignments() {
                        @Override
                        public java.util.Optional<java.net.URI> get(String eventId) {
                            return events.transcoderOf(eventId);
                        }

                        @Override
                        public void set(String eventId, java.net.URI url) {
                            events.setTranscoder(eventId, url);
                        }
                    }, 4, Duration.ofMillis(500));
            RevocationLog revocationLog = new RevocationLog(db);
            listener = new RevocationListener(database::openDedicatedConnection, signal).start();

            AuditLog audit = new AuditLog(db, clock);
            AdminSessions adminSessions = new AdminSessions(db, random, config.adminSessionTtl());
            AdminAuth adminAuth = new AdminAuth(config.adminApiToken(), adminSessions, clientAddress, clock);
            LoginThrottle throttle = new LoginThrottle(db, config.loginMaxFailures(), config.loginLockout());

            if (config.demo()) {
                DemoSeed.seed(events, codes, streamKeys, config.dataDir(), config.rtmpUrl(), clock);
            }

            Services services = new Services(
                    new HealthService(db, metrics),
                    new PlaybackService(codes, events, sessions, tokens, rateLimiter, clientAddress, metrics,
                            config.hlsServerBaseUrl(), config.validateRatePerMinute(), clock),
                    new AdminService(config.adminPasswordHash(), adminAuth, adminSessions, throttle, audit, clientAddress,
                            metrics, config.adminSessionTtl(), clock),
                    new AdminEventService(adminAuth, audit, events, codes, streamKeys, transcoder, config.rtmpUrl(), clock),
                    new AdminCodeService(adminAuth, audit, events, codes, clock),
                    new AdminSessionService(adminAuth, audit, events, sessions, clock),
                    new RtmpHookService(internalKey, events, transcoder,
                            new RtmpHookService.PublishPolicy(config.publishGrace(), config.publisherStaleAfter()), config::transcoderInputUrl, metrics, clock),
                    new StreamStateService(internalAuth, events, clock),
                    new RevocationService(internalAuth, revocationLog, signal, metrics),
                    new VodUploadService(adminAuth, audit, events, transcoder, new MediaProbe(config.ffprobePath()),
                            config.uploadDir(), config.uploadMaxBytes(), clock),
                    config.corsAllowedOrigin(),
                    WebUi.create(config, events, codes, sessions, audit, adminAuth, transcoder, tokens, clock));

            housekeeping = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("platform-housekeeping").daemon(true).factory());
            housekeeping.scheduleWithFixedDelay(() -> {
                try {
                    rateLimiter.purge(clock.instant().minus(Duration.ofHours(1)));
                    adminSessions.purgeExpired(clock.instant());
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "housekeeping failed: " + e.getMessage());
                }
            }, 10, 600, TimeUnit.SECONDS);
            housekeeping.scheduleWithFixedDelay(new VodProgress(events, transcoder, clock), 2, 2, TimeUnit.SECONDS);

            WebServer webServer = ServerStart.start(WebServer.builder()
                    .host("0.0.0.0")
                    .port(config.port())
                    .shutdownHook(false)
                    .routing(r -> routing(r, services))
                    .directHandlers(d -> JsonDirectHandler.addTo(d::addHandler)), "PORT");
            LOG.log(Level.INFO, config.appName() + " platform listening on port " + webServer.port());
            Optional<NginxRtmpCallbackListener> nginxRtmpCallbacks = Optional.empty();
            if (config.rtmpHookPort() > 0) {
                try {
                    nginxRtmpCallbacks = Optional.of(NginxRtmpCallbackListener.start(config.rtmpHookPort(),
                            services.rtmpHooks()));
                } catch (RuntimeException e) {
                    webServer.stop();
                    throw e;
                }
            }
            return new PlatformServer(database, transcoder, signal, listener, housekeeping, webServer,
                    nginxRtmpCallbacks);
        } catch (RuntimeException e) {
            if (housekeeping != null) {
                housekeeping.shutdownNow();
            }
            signal.close();
            if (listener != null) {
                listener.close();
            }
            if (transcoder != null) {
                transcoder.close();
            }
            database.close();
            throw e;
        }
    }

    /** The HTTP services, built once; tests reuse {@link #routing}. */
    record Services(HealthService health,
                    PlaybackService playback,
                    AdminService admin,
                    AdminEventService adminEvents,
                    AdminCodeService adminCodes,
                    AdminSessionService adminSessions,
                    RtmpHookService rtmpHooks,
                    StreamStateService streamState,
                    RevocationService revocations,
                    VodUploadService vodUploads,
                    String corsAllowedOrigin,
                    WebUi web) {
    }

    static void routing(HttpRouting.Builder routing, Services s) {
        ErrorHandlers.register(routing);
        if (s.corsAllowedOrigin() != null) {
            String origin = s.corsAllowedOrigin();
            routing.addFilter((chain, req, res) -> {
                String path = req.path().path();
                boolean viewerApi = path.startsWith("/api/tokens/") || path.startsWith("/api/playback/")
                        || path.startsWith("/api/events/");
                if (viewerApi && req.headers().first(HeaderNames.ORIGIN).map(origin::equals).orElse(false)) {
                    res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
                    res.header(HeaderNames.VARY, "Origin");
                    if (req.prologue().method() == Method.OPTIONS) {
                        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS");
                        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Authorization, Content-Type");
                        res.header(HeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
                        res.status(204).send();
                        return;
                    }
                }
                chain.proceed();
            });
        }
        routing.register(s.health())
                .register(s.playback())
                .register("/api/admin", s.admin(), s.adminEvents(), s.adminCodes(), s.adminSessions(), s.vodUploads())
                .register("/internal/rtmp", s.rtmpHooks())
                .register("/internal/events", s.streamState())
                .register("/internal/revocations", s.revocations())
                .register(s.web().services())
                // unknown API routes answer in the API's error format, not Helidon's plain text
                .any("/api/*", (req, res) -> ErrorHandlers.write(res, 404, "not_found", "no such API route"))
                .any("/internal/*", (req, res) -> ErrorHandlers.write(res, 404, "not_found", "no such API route"));
    }

    public int port() {
        return webServer.port();
    }

    public Database database() {
        return database;
    }

    public void stop() {
        signal.close();
        nginxRtmpCallbacks.ifPresent(NginxRtmpCallbackListener::close);
        webServer.stop();
        housekeeping.shutdownNow();
        listener.close();
        transcoder.close();
        database.close();
        LOG.log(Level.INFO, "platform stopped");
    }
}
