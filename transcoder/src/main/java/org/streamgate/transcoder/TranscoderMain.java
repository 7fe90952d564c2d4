package org.streamgate.transcoder;

import io.helidon.logging.common.LogConfig;
import org.streamgate.common.logging.JsonLogFormatter;
import org.streamgate.common.production.DeploymentMode;

/** Starts the transcoder from environment variables (DESIGN §4). */
public final class TranscoderMain {

    private static final System.Logger LOG = System.getLogger(TranscoderMain.class.getName());

    private TranscoderMain() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        // before the configuration is read, so that its errors are JSON lines too
        if (DeploymentMode.declaredProduction(System.getenv())) {
            JsonLogFormatter.install("transcoder");
        }
        TranscoderConfig config;
        try {
            config = TranscoderConfig.from(System.getenv());
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.ERROR, "configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        LOG.log(System.Logger.Level.INFO, "starting with " + config);
        TranscoderServer server;
        try {
            server = TranscoderServer.start(config);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "transcoder failed to start: " + e.getMessage(), e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "transcoder-shutdown"));
    }
}
