package org.streamgate.ingest;

import org.slf4j.bridge.SLF4JBridgeHandler;
import org.streamgate.common.production.DeploymentMode;

/** Starts the ingest from environment variables; Ctrl-C / SIGTERM stops it. */
public final class IngestMain {

    private IngestMain() {
    }

    public static void main(String[] args) {
        // one log pipeline: java.util.logging / System.Logger (ours, Helidon's) go to logback like Red5's slf4j
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        // before the configuration is read, so that its errors are JSON lines too
        if (DeploymentMode.declaredProduction(System.getenv())) {
            JsonLogLayout.installOnConsole("ingest");
        }
        System.Logger log = System.getLogger(IngestMain.class.getName());
        IngestConfig config;
        try {
            config = IngestConfig.from(System.getenv());
        } catch (IllegalArgumentException e) {
            log.log(System.Logger.Level.ERROR, "invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        IngestServer server;
        try {
            server = IngestServer.start(config);
        } catch (RuntimeException e) {
            log.log(System.Logger.Level.ERROR, "ingest failed to start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("ingest-shutdown").unstarted(server::stop));
    }
}
