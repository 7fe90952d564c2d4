package org.streamgate.delivery;

import io.helidon.common.socket.SocketOptions;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Timer;
import io.helidon.service.registry.Services;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.streamgate.common.http.JsonDirectHandler;
import org.streamgate.common.http.ServerStart;
import org.streamgate.common.internalapi.InternalApiKey;
import org.streamgate.common.token.PlaybackTokenVerifier;
import org.streamgate.common.token.SigningKeys;
import org.streamgate.delivery.cache.PlaylistCache;
import org.streamgate.delivery.cache.SegmentCache;
import org.streamgate.delivery.cache.Upstream;
import org.streamgate.delivery.hotfile.HotFileCache;
import org.streamgate.delivery.hotfile.HotFileOrigin;
import org.streamgate.delivery.http.AccelRedirect;
import org.streamgate.delivery.http.CorsPolicy;
import org.streamgate.delivery.http.ErrorHandlers;
import org.streamgate.delivery.http.RequestMetrics;
import org.streamgate.delivery.http.StreamService;
import org.streamgate.delivery.origin.FileResource;
import org.streamgate.delivery.origin.HybridOrigin;
import org.streamgate.delivery.origin.LocalOrigin;
import org.streamgate.delivery.origin.Origin;
import org.streamgate.delivery.origin.ProxyOrigin;
import org.streamgate.delivery.origin.UpstreamClient;
import org.streamgate.delivery.path.StreamFiles;
import org.streamgate.delivery.revocation.RevocationFeedClient;
import org.streamgate.delivery.revocation.RevocationState;
import org.streamgate.delivery.revocation.RevocationSync;
import org.streamgate.delivery.token.Revocations;
import org.streamgate.delivery.token.TokenCache;
import org.streamgate.delivery.token.TokenGate;

/**
 * Builds every hls-delivery object by hand from a {@link DeliveryConfig} and serves them. Tests construct one and
 * reuse {@link #routing(HttpRouting.Builder)}; {@link #start(DeliveryConfig)} also listens and starts the
 * background tasks, which {@link #close()} stops.
 */
public final class DeliveryServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DeliveryServer.class.getName());

    /** How long a silent revocation stream is trusted; platforms send heartbeats well within this. */
    static final Duration REVOCATION_STREAM_IDLE_TIMEOUT = Duration.ofSeconds(60);
    static final Duration REVOCATION_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    static final Duration HOUSEKEEPING_INTERVAL = Duration.ofSeconds(10);

    private final DeliveryConfig config;
    private final MeterRegistry meters;
    private final TokenGate gate;
    private final StreamService streams;
    private final Optional<RevocationState> revocationState;
    private final Optional<RevocationSync> revocationSync;
    private final Optional<SegmentCache> segmentCache;
    private final Optional<PlaylistCache> playlistCache;
    private final Optional<HotFileCache> hotFiles;
    private final Optional<AccelRedirect> accel;
    private final Housekeeper housekeeper;
    private volatile WebServer webServer;

    public DeliveryServer(DeliveryConfig config, Clock clock) {
        this.config = config;
        this.meters = Services.get(MeterRegistry.class);
        if (config.revocationSyncEnabled()) {
            RevocationState state = new RevocationState(config.revocationFailMode(),
                    config.tokenTtl().plus(config.tokenLeeway()).multipliedBy(2), clock);
            RevocationFeedClient feed = new RevocationFeedClient(config.platformUrl().orElseThrow(),
                    InternalApiKey.of(config.internalApiKey()), REVOCATION_REQUEST_TIMEOUT);
            this.revocationState = Optional.of(state);
            this.revocationSync = Optional.of(new RevocationSync(feed, state, config.revocationPollInterval(),
                    REVOCATION_STREAM_IDLE_TIMEOUT));
        } else {
            this.revocationState = Optional.empty();
            this.revocationSync = Optional.empty();
        }
        Revocations revocations = revocationState.<Revocations>map(r -> r).orElse(Revocations.NONE);
        PlaybackTokenVerifier verifier = new PlaybackTokenVerifier(
                SigningKeys.of(config.signingSecret(), config.previousSigningSecret()), config.tokenLeeway());
        TokenCache tokenCache = new TokenCache(config.tokenCacheMaxEntries());
        this.gate = new TokenGate(verifier, config.tokenLeeway(), tokenCache, revocations, clock);
        // files under STREAM_ROOT and files complete in the proxy's segment cache share one memory cap
        this.hotFiles = config.hotFileCacheBytes() > 0
                ? Optional.of(new HotFileCache(config.hotFileCacheBytes(), clock))
                : Optional.empty();
        if (config.mode().usesUpstream()) {
            UpstreamClient client = new UpstreamClient(config.upstreamOrigin().orElseThrow(), config.upstreamTimeout(),
                    config.upstreamForwardToken());
            Timer latency = meters.getOrCreate(Timer.builder("delivery_upstream_latency")
                    .description("Time until upstream answered with headers"));
            Upstream upstream = (key, requester) -> {
                long start = System.nanoTime();
                try {
                    return client.get(key, requester);
                } finally {
                    latency.record(Duration.ofNanos(System.nanoTime() - start));
                }
            };
            this.segmentCache = Optional.of(new SegmentCache(config.segmentCacheRoot().orElseThrow(),
                    config.segmentCacheMaxBytes(), config.segmentCacheMaxAge(), config.upstreamTimeout(), upstream,
                    hotFiles.<SegmentCache.CachedFileOpener>map(h -> h::open).orElse(FileResource::open), clock));
            this.playlistCache = Optional.of(new PlaylistCache(upstream, config.upstreamTimeout(), clock));
        } else {
            this.segmentCache = Optional.empty();
            this.playlistCache = Optional.empty();
        }
        Origin origin = switch (config.mode()) {
            case LOCAL -> new LocalOrigin(new StreamFiles(config.streamRoot().orElseThrow()));
            case PROXY -> new ProxyOrigin(playlistCache.orElseThrow(), segmentCache.orElseThrow());
            case HYBRID -> new HybridOrigin(new LocalOrigin(new StreamFiles(config.streamRoot().orElseThrow())),
                    new ProxyOrigin(playlistCache.orElseThrow(), segmentCache.orElseThrow()));
        };
        if (config.mode().usesLocal() && hotFiles.isPresent()) {
            // files on disk through memory first; what is not on disk goes where it went before (404, or upstream)
            origin = new HotFileOrigin(new StreamFiles(config.streamRoot().orElseThrow()), hotFiles.get(), origin);
        }
        this.accel = config.accelRedirectEnabled()
                ? Optional.of(new AccelRedirect(config.accelRedirectPrefix(), new StreamFiles(config.streamRoot().orElseThrow())))
                : Optional.empty();
        this.streams = new StreamService(gate, origin, new CorsPolicy(config.corsAllowedOrigin()), new RequestMetrics(meters),
                accel);
        List<Runnable> chores = new ArrayList<>();
        chores.add(() -> tokenCache.sweep(clock.instant()));
        revocationState.ifPresent(r -> chores.add(r::sweep));
        segmentCache.ifPresent(c -> chores.add(c::evictExpired));
        playlistCache.ifPresent(c -> chores.add(c::sweep));
        this.housekeeper = new Housekeeper(chores, HOUSEKEEPING_INTERVAL);
        new DeliveryMeters(meters).register(gate, revocationState, revocationSync, segmentCache, playlistCache, hotFiles,
                accel);
    }

    /** Starts a server on {@link DeliveryConfig#port()} with the system clock. */
    public static DeliveryServer start(DeliveryConfig config) {
        DeliveryServer server = new DeliveryServer(config, Clock.systemUTC());
        server.listen(config.port());
        return server;
    }

    /** Registers the stream routes and the error handlers. */
    public void routing(HttpRouting.Builder routing) {
        ErrorHandlers.register(routing);
        routing.register("/streams", streams);
    }

    /** {@code /health} and {@code /metrics} at the root (DESIGN §3.9). */
    public ObserveFeature observeFeature() {
        HealthObserver health = HealthObserver.builder()
                .details(true)
                .useSystemServices(false)
                .addCheck(this::revocationHealth, HealthCheckType.READINESS, "revocation")
                .build();
        return ObserveFeature.builder()
                .endpoint("/")
                .observersDiscoverServices(false)
                .addObserver(health)
                .addObserver(MetricsObserver.builder().meterRegistry(meters).build())
                .build();
    }

    /**
     * Everything but the port: no discovered features (Helidon would otherwise add its own CORS feature, which
     * answers {@code Access-Control-Allow-Origin: *}), our observe feature, our routing.
     *
     * <p>Blocking sockets ({@code useNio(false)}): Helidon's NIO socket stages every write through an 8 KB buffer,
     * so a 600 KB segment took about 75 {@code write} calls; the blocking socket writes each 128 KB chunk in one
     * call. Measured on segments: 1.6-1.9 times the requests per second in alternating runs (docs/PERFORMANCE.md).
     *
     * <p>{@code TCP_NODELAY}, as nginx sets on keep-alive connections: a segment goes out as a small first write
     * (headers and the start of the body) and then the rest; with Nagle's algorithm the last partial packet of every
     * response waited for the client's (possibly delayed) ACK. Measured: 1.37 times the segment requests per second.
     */
    public void configure(WebServerConfig.Builder server) {
        server.featuresDiscoverServices(false)
                .useNio(false)
                .connectionOptions(SocketOptions.builder().tcpNoDelay(true).build())
                .addFeature(observeFeature())
                .directHandlers(d -> JsonDirectHandler.addTo(d::addHandler))
                .routing(this::routing);
    }

    /** Starts listening (0 picks a free port) and the background tasks. */
    public void listen(int port) {
        WebServerConfig.Builder builder = WebServer.builder().port(port);
        configure(builder);
        startBackground();
        try {
            webServer = ServerStart.start(builder, "PORT");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        LOG.log(Level.INFO, "hls-delivery listening on port " + webServer.port() + " in " + config.mode() + " mode");
    }

    /** The revocation sync and the housekeeper; {@link #listen(int)} calls this, routing tests may too. */
    public void startBackground() {
        if (segmentCache.isPresent()) {
            try {
                segmentCache.get().start();
            } catch (IOException e) {
                throw new UncheckedIOException("SEGMENT_CACHE_ROOT cannot be used: " + e.getMessage(), e);
            }
        }
        revocationSync.ifPresent(RevocationSync::start);
        housekeeper.start();
    }

    public int port() {
        return webServer.port();
    }

    private HealthCheckResponse revocationHealth() {
        if (revocationState.isEmpty()) {
            return HealthCheckResponse.builder()
                    .status(HealthCheckResponse.Status.UP)
                    .detail("sync", "off: PLATFORM_APP_URL not set (dev only, nothing is ever revoked)")
                    .build();
        }
        RevocationState state = revocationState.get();
        Duration age = state.syncAge();
        boolean synced = state.lastSync().isPresent();
        boolean fresh = synced && age.compareTo(config.revocationMaxStaleness()) <= 0;
        HealthCheckResponse.Builder health = HealthCheckResponse.builder()
                .status(fresh ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN)
                .detail("sync", synced ? (fresh ? "current" : "stale: platform unreachable, serving the last known state")
                        : "never synced: platform unreachable since start")
                .detail("stream", revocationSync.orElseThrow().streamOpen() ? "open" : "closed")
                .detail("ageMs", age.toMillis())
                .detail("maxStalenessMs", config.revocationMaxStaleness().toMillis())
                .detail("failMode", config.revocationFailMode().name().toLowerCase(Locale.ROOT));
        state.lastSync().ifPresent(t -> health.detail("lastSync", t.toString()));
        return health.build();
    }

    @Override
    public void close() {
        WebServer ws = webServer;
        if (ws != null) {
            ws.stop();
        }
        revocationSync.ifPresent(RevocationSync::close);
        segmentCache.ifPresent(SegmentCache::close);
        housekeeper.close();
    }

}
