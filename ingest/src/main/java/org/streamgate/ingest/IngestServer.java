package org.streamgate.ingest;

import java.util.List;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import org.streamgate.common.http.JsonDirectHandler;
import org.streamgate.common.http.ServerStart;
import org.streamgate.ingest.hook.PublishHookClient;
import org.streamgate.ingest.http.ErrorHandlers;
import org.streamgate.ingest.http.HealthCheck;
import org.streamgate.ingest.http.HealthService;
import org.streamgate.ingest.http.IngestMetrics;
import org.streamgate.ingest.http.MetricsService;
import org.streamgate.ingest.rtmp.RtmpLimits;
import org.streamgate.ingest.rtmp.RtmpServer;

/**
 * Builds the ingest by hand: hook client, Red5 RTMP server, Helidon health/metrics server.
 * {@link #start} returns the running instance; {@link #stop} tears everything down in reverse order.
 */
public final class IngestServer {

    private static final System.Logger LOG = System.getLogger(IngestServer.class.getName());

    private final PublishHookClient hook;
    private final RtmpServer rtmp;
    private final WebServer web;
    private final IngestMetrics metrics;
    private volatile boolean stopped;

    private IngestServer(PublishHookClient hook, RtmpServer rtmp, WebServer web, IngestMetrics metrics) {
        this.hook = hook;
        this.rtmp = rtmp;
        this.web = web;
        this.metrics = metrics;
    }

    public static IngestServer start(IngestConfig config) {
        LOG.log(System.Logger.Level.INFO, "ingest config: " + config.masked());
        IngestMetrics metrics = new IngestMetrics();
        PublishHookClient hook = new PublishHookClient(config.onPublishUrl(), config.onPublishDoneUrl(),
                config.onUpdateUrl(), config.updateStrict(), config.hookTimeout(), metrics::hookLatency);
        RtmpServer rtmp;
        try {
            rtmp = RtmpServer.start(config.rtmpPort(), config.playAllow(), hook, metrics,
                    new RtmpLimits(config.maxConnections(), config.maxPublishers(), config.handshakeTimeout(),
                            config.maxMessageBytes(), config.silenceTimeout()), config.updateInterval());
        } catch (RuntimeException e) {
            hook.close();
            throw e;
        }
        WebServer web;
        try {
            web = ServerStart.start(WebServer.builder()
                    .port(config.httpPort())
                    .shutdownHook(false)
                    .routing(routing -> routing(routing, rtmp, metrics))
                    .directHandlers(d -> JsonDirectHandler.addTo(d::addHandler)), "INGEST_HTTP_PORT");
        } catch (RuntimeException e) {
            rtmp.close();
            hook.close();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "ingest HTTP (health, metrics) on port " + web.port());
        return new IngestServer(hook, rtmp, web, metrics);
    }

    static void routing(HttpRouting.Builder routing, RtmpServer rtmp, IngestMetrics metrics) {
        routing.register("/health", new HealthService(List.of(new HealthCheck("rtmp", rtmp::isListening))))
                .register("/metrics", new MetricsService(metrics));
        ErrorHandlers.register(routing);
    }

    public int rtmpPort() {
        return rtmp.port();
    }

    public int httpPort() {
        return web.port();
    }

    public int activePublishers() {
        return rtmp.activePublishers();
    }

    public boolean rtmpListening() {
        return rtmp.isListening();
    }

    public IngestMetrics metrics() {
        return metrics;
    }

    /** Stops RTMP (closing publishers, which sends their publish_done), then HTTP. Idempotent. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        rtmp.close();
        hook.close();
        web.stop();
        LOG.log(System.Logger.Level.INFO, "ingest stopped");
    }
}
