package org.streamgate.ingest.rtmp;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.red5.server.ClientRegistry;
import org.red5.server.Context;
import org.red5.server.CoreHandler;
import org.red5.server.MappingStrategy;
import org.red5.server.Server;
import org.red5.server.api.scope.IScopeSecurityHandler;
import org.red5.server.service.IServiceResolver;
import org.red5.server.net.rtmp.RTMPConnManager;
import org.red5.server.net.rtmp.RTMPHandler;
import org.red5.server.net.rtmp.RTMPMinaConnection;
import org.red5.server.net.rtmp.codec.RTMPProtocolDecoder;
import org.red5.server.net.rtmp.status.StatusObjectService;
import org.red5.server.scheduling.JDKSchedulingService;
import org.red5.server.scope.GlobalScope;
import org.red5.server.scope.ScopeResolver;
import org.red5.server.scope.ScopeSecurityHandler;
import org.red5.server.scope.WebScope;
import org.red5.server.service.HandlerServiceResolver;
import org.red5.server.service.ScopeServiceResolver;
import org.red5.server.service.ServiceInvoker;
import org.red5.server.stream.ClientBroadcastStream;
import org.red5.server.stream.ConsumerService;
import org.red5.server.stream.PlaylistSubscriberStream;
import org.red5.server.stream.ProviderService;
import org.red5.server.stream.SingleItemSubscriberStream;
import org.red5.server.stream.StreamableFileFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.streamgate.ingest.hook.PublishHookClient;
import org.streamgate.ingest.http.IngestMetrics;

/**
 * Embedded Red5 1.3.17 serving RTMP application {@code live}, wired in code instead of Red5's Spring XML.
 * Red5 still looks its collaborators up by bean name, so three Spring contexts are built by hand with the names
 * of {@code red5-common.xml}, {@code red5-core.xml}, {@code red5-default.xml} and the {@code live} webapp's
 * {@code red5-web.xml}: {@code common} (services, prototypes) is the parent of {@code app} (global and web scopes)
 * and of {@code core} (RTMP networking). The transport starts last, after the {@code live} scope exists.
 *
 * <p>Red5 keeps static state (connection manager, scheduling service), so there is one instance per JVM.
 *
 * <p>Concurrency: {@link #start} and {@link #stop} are called by one thread (the ingest server's owner).
 */
public final class RtmpServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RtmpServer.class.getName());
    public static final String APP_NAME = "live";
    /**
     * Video messages a subscriber may have queued before Red5 starts dropping frames until the next keyframe:
     * a whole replayed GOP plus one second at 60 fps (Red5's own default, 10, would drop most of the replay).
     */
    static final int MAX_PENDING_VIDEO_FRAMES = GopCache.MAX_VIDEO_FRAMES + 60;

    private final GenericApplicationContext common;
    private final GenericApplicationContext app;
    private final GenericApplicationContext core;
    private final ListeningTransport transport;
    private final PublishSessions sessions;
    private final ScheduledExecutorService closer;
    private final PublisherWatchdog watchdog;
    private final UpdateNotifier updates;

    private RtmpServer(GenericApplicationContext common, GenericApplicationContext app, GenericApplicationContext core,
                       ListeningTransport transport, PublishSessions sessions, ScheduledExecutorService closer,
                       PublisherWatchdog watchdog, UpdateNotifier updates) {
        this.common = common;
        this.app = app;
        this.core = core;
        this.transport = transport;
        this.sessions = sessions;
        this.closer = closer;
        this.watchdog = watchdog;
        this.updates = updates;
    }

    /**
     * Starts Red5 on {@code 0.0.0.0:port}.
     *
     * @throws IllegalStateException if the port could not be bound
     */
    public static RtmpServer start(int port, List<String> playAllow, PublishHookClient hook, IngestMetrics metrics,
                                   RtmpLimits limits, Duration updateInterval) {
        // Red5's Context takes its core bean factory from the parent context instead of loading red5.xml.
        // red5.root stays unset: Red5's AMF encoder then configures ehcache from our classpath ehcache.xml.
        System.setProperty("red5.deployment.type", "embedded");
        PublishSessions sessions = new PublishSessions();
        ScheduledExecutorService closer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("rtmp-reject-closer").factory());
        PlayAllowList playAllowList = new PlayAllowList(playAllow, metrics);

        LongSupplier nanoClock = System::nanoTime;
        PublisherWatchdog watchdog = new PublisherWatchdog(sessions, limits.silenceTimeout(), metrics, nanoClock);
        UpdateNotifier updates = new UpdateNotifier(sessions, hook, metrics, updateInterval, nanoClock);

        GenericApplicationContext common = commonContext(hook, sessions, metrics, closer, limits, nanoClock);
        GenericApplicationContext app = appContext(common, sessions, hook, metrics, playAllowList);
        GenericApplicationContext core = coreContext(common, port, limits, metrics);
        ListeningTransport transport = core.getBean("rtmpTransport", ListeningTransport.class);
        RtmpServer server = new RtmpServer(common, app, core, transport, sessions, closer, watchdog, updates);
        metrics.bindActivePublishers(sessions::size);
        metrics.bindStreams(watchdog::stats);
        metrics.bindOpenConnections(core.getBean("rtmpMinaIoHandler", LimitedIoHandler.class)::openConnections);
        watchdog.start();
        updates.start();
        try {
            transport.start();
        } catch (Exception e) {
            server.close();
            throw new IllegalStateException("RTMP_PORT " + port + ": Red5 transport failed to start", e);
        }
        if (!transport.isListening()) {
            server.close();
            throw new IllegalStateException("RTMP_PORT " + port + ": could not bind (in use?)");
        }
        LOG.log(System.Logger.Level.INFO, "RTMP listening on port " + transport.boundPort() + ", app /" + APP_NAME);
        return server;
    }

    public boolean isListening() {
        return transport.isListening();
    }

    public int port() {
        return transport.boundPort();
    }

    public int activePublishers() {
        return sessions.size();
    }

    /** Unbinds, closes every connection, and stops Red5's threads. Idempotent. */
    @Override
    public void close() {
        watchdog.close();
        updates.close();
        try {
            transport.stop();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "RTMP transport stop failed: " + e);
        }
        closeQuietly(core);
        closeQuietly(app);
        closeQuietly(common);
        closer.shutdownNow();
        shutDownEhcache();
        try {
            closer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.log(System.Logger.Level.INFO, "RTMP stopped");
    }

    /** Red5's AMF encoder starts ehcache statically; its threads would outlive Red5. */
    private static void shutDownEhcache() {
        try {
            for (net.sf.ehcache.CacheManager manager : List.copyOf(net.sf.ehcache.CacheManager.ALL_CACHE_MANAGERS)) {
                manager.shutdown();
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "ehcache shutdown failed: " + e);
        }
    }

    private static void closeQuietly(GenericApplicationContext ctx) {
        try {
            if (ctx.isActive()) {
                ctx.close();
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Red5 context " + ctx.getId() + " did not close cleanly: " + e);
        }
    }

    /** {@code red5-common.xml}: the server bean, stream services and per-stream prototypes. */
    private static GenericApplicationContext commonContext(PublishHookClient hook, PublishSessions sessions,
                                                           IngestMetrics metrics, ScheduledExecutorService closer,
                                                           RtmpLimits limits, LongSupplier nanoClock) {
        GenericApplicationContext ctx = new GenericApplicationContext();
        ctx.setId("red5.common");
        ctx.registerBean("schedulingService", JDKSchedulingService.class, JDKSchedulingService::new);
        ctx.registerBean("red5.server", Server.class, Server::new);
        ctx.registerBean("statusObjectService", StatusObjectService.class, StatusObjectService::new);
        ctx.registerBean("streamService", GatedStreamService.class,
                () -> new GatedStreamService(hook, sessions, metrics, closer, limits.maxPublishers(), nanoClock));
        // no live-wait: in 1.3.17 it never waits for "-rtmp_live live" pulls (no length given), so a pull that
        // arrives before its publisher fails fast with NetStream.Play.StreamNotFound and the puller retries
        ctx.registerBean("providerService", ProviderService.class, ProviderService::new);
        ctx.registerBean("consumerService", ConsumerService.class, ConsumerService::new);
        // no file services: this server only relays live streams, it never plays files from disk
        ctx.registerBean("streamableFileFactory", StreamableFileFactory.class, StreamableFileFactory::new);
        // publishers keep their current GOP and start each new subscriber with it (GopCachingBroadcastStream)
        ctx.registerBean("clientBroadcastStream", ClientBroadcastStream.class, () -> {
            ClientBroadcastStream s = new GopCachingBroadcastStream(nanoClock);
            s.setAutomaticRecording(false);
            return s;
        }, bd -> bd.setScope(BeanDefinition.SCOPE_PROTOTYPE));
        ctx.registerBean("playlistSubscriberStream", PlaylistSubscriberStream.class, () -> {
            PlaylistSubscriberStream s = new GopSubscriberStream();
            s.setBufferCheckInterval(5000);
            s.setUnderrunTrigger(100);
            // the replayed GOP reaches the connection's queue all at once: Red5 must not take it for congestion
            s.setMaxPendingVideoFrames(MAX_PENDING_VIDEO_FRAMES);
            s.setMaxSequentialPendingVideoFrames(MAX_PENDING_VIDEO_FRAMES);
            return s;
        }, bd -> bd.setScope(BeanDefinition.SCOPE_PROTOTYPE));
        ctx.registerBean("singleItemSubscriberStream", SingleItemSubscriberStream.class,
                SingleItemSubscriberStream::new, bd -> bd.setScope(BeanDefinition.SCOPE_PROTOTYPE));
        ctx.refresh();
        return ctx;
    }

    /** {@code red5-default.xml} (global scope) and the {@code live} webapp's {@code red5-web.xml}. */
    private static GenericApplicationContext appContext(GenericApplicationContext common, PublishSessions sessions,
                                                        PublishHookClient hook, IngestMetrics metrics,
                                                        PlayAllowList playAllowList) {
        Server server = common.getBean("red5.server", Server.class);
        GenericApplicationContext ctx = new GenericApplicationContext(common);
        ctx.setId("red5.app");
        ctx.registerBean("global.clientRegistry", ClientRegistry.class, () -> new ClientRegistry());
        ctx.registerBean("global.serviceInvoker", ServiceInvoker.class, () -> {
            // no ContextServiceResolver: it would let RTMP clients call any bean by name
            ServiceInvoker invoker = new ServiceInvoker();
            invoker.setServiceResolvers(Set.<IServiceResolver>of(new ScopeServiceResolver(),
                    new HandlerServiceResolver()));
            return invoker;
        });
        ctx.registerBean("global.mappingStrategy", MappingStrategy.class, MappingStrategy::new);
        ctx.registerBean("red5.scopeResolver", ScopeResolver.class, ScopeResolver::new);
        ctx.registerBean("global.context", Context.class, () -> newContext(ctx));
        ctx.registerBean("global.handler", CoreHandler.class, CoreHandler::new);
        ctx.registerBean("global.scope", GlobalScope.class, () -> {
            GlobalScope global = new GlobalScope();
            global.setName("default");
            global.setServer(server);
            global.setContext(ctx.getBean("global.context", Context.class));
            global.setHandler(ctx.getBean("global.handler", CoreHandler.class));
            try {
                global.setPersistenceClass("org.red5.server.persistence.RamPersistence");
            } catch (Exception e) {
                throw new IllegalStateException("Red5 persistence", e);
            }
            ScopeSecurityHandler denyGlobal = new ScopeSecurityHandler();
            denyGlobal.setConnectionAllowed(false);
            global.setSecurityHandlers(Set.<IScopeSecurityHandler>of(denyGlobal));
            return global;
        }, bd -> bd.setInitMethodName("register"));
        ctx.registerBean("web.context", Context.class, () -> newContext(ctx));
        ctx.registerBean("web.handler", IngestApplication.class,
                () -> new IngestApplication(sessions, hook, metrics, playAllowList));
        ctx.registerBean("web.scope", WebScope.class, () -> {
            WebScope web = new WebScope();
            web.setServer(server);
            web.setParent(ctx.getBean("global.scope", GlobalScope.class));
            web.setContext(ctx.getBean("web.context", Context.class));
            web.setHandler(ctx.getBean("web.handler", IngestApplication.class));
            web.setContextPath("/" + APP_NAME);
            web.setVirtualHosts("*");
            return web;
        });
        ctx.refresh();
        ctx.getBean("red5.scopeResolver", ScopeResolver.class)
                .setGlobalScope(ctx.getBean("global.scope", GlobalScope.class));
        // WebScope registers itself in afterPropertiesSet; make sure it is created now
        ctx.getBean("web.scope", WebScope.class);
        return ctx;
    }

    private static Context newContext(GenericApplicationContext ctx) {
        Context context = new Context();
        context.setScopeResolver(ctx.getBean("red5.scopeResolver", ScopeResolver.class));
        context.setClientRegistry(ctx.getBean("global.clientRegistry", ClientRegistry.class));
        context.setServiceInvoker(ctx.getBean("global.serviceInvoker", ServiceInvoker.class));
        context.setMappingStrategy(ctx.getBean("global.mappingStrategy", MappingStrategy.class));
        return context;
    }

    /** {@code red5-core.xml}: RTMP handler, connection manager, connection prototype and the Mina transport. */
    private static GenericApplicationContext coreContext(GenericApplicationContext common, int port, RtmpLimits limits,
                                                         IngestMetrics metrics) {
        RTMPProtocolDecoder.setMaxPacketSize(limits.maxMessageBytes());
        GenericApplicationContext ctx = new GenericApplicationContext(common);
        ctx.setId("red5.core");
        ctx.registerBean("rtmpScheduler", ThreadPoolTaskScheduler.class, () -> {
            ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
            scheduler.setPoolSize(4);
            scheduler.setDaemon(true);
            scheduler.setWaitForTasksToCompleteOnShutdown(false);
            scheduler.setThreadNamePrefix("RTMPConnectionScheduler-");
            return scheduler;
        });
        ctx.registerBean("rtmpConnManager", RTMPConnManager.class, RTMPConnManager::new);
        ctx.registerBean("rtmpHandler", RTMPHandler.class, () -> {
            RTMPHandler handler = new RTMPHandler();
            handler.setServer(common.getBean("red5.server", Server.class));
            handler.setStatusObjectService(common.getBean("statusObjectService", StatusObjectService.class));
            handler.setUnvalidatedConnectionAllowed(true);
            return handler;
        });
        ctx.registerBean("rtmpMinaIoHandler", LimitedIoHandler.class, () -> {
            LimitedIoHandler ioHandler = new LimitedIoHandler(limits.maxConnections(), metrics);
            ioHandler.setHandler(ctx.getBean("rtmpHandler", RTMPHandler.class));
            return ioHandler;
        });
        ctx.registerBean("rtmpMinaConnection", RTMPMinaConnection.class, () -> {
            RTMPMinaConnection conn = new RTMPMinaConnection();
            conn.setScheduler(ctx.getBean("rtmpScheduler", ThreadPoolTaskScheduler.class));
            conn.setPingInterval(5000);
            conn.setMaxInactivity(30_000);
            conn.setMaxHandshakeTimeout((int) limits.handshakeTimeout().toMillis());
            conn.setDefaultServerBandwidth(10_000_000);
            conn.setDefaultClientBandwidth(10_000_000);
            conn.setLimitType(2);
            conn.setBandwidthDetection(false);
            conn.setMaxHandlingTimeout(2000);
            return conn;
        }, bd -> bd.setScope(BeanDefinition.SCOPE_PROTOTYPE));
        ctx.registerBean("rtmpTransport", ListeningTransport.class, () -> {
            ListeningTransport transport = new ListeningTransport();
            transport.setIoHandler(ctx.getBean("rtmpMinaIoHandler", LimitedIoHandler.class));
            transport.setAddresses(List.of("0.0.0.0:" + port));
            transport.setIoThreads(4);
            transport.setTcpNoDelay(true);
            transport.setKeepAlive(true);
            transport.setTrafficClass(-1);
            transport.setBacklog(256);
            transport.setEnableDefaultAcceptor(true);
            transport.setEnableMinaMonitor(false);
            transport.setEnableMinaLogFilter(false);
            return transport;
        });
        ctx.refresh();
        return ctx;
    }
}
