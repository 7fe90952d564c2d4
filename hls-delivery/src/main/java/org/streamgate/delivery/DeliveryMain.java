package org.streamgate.delivery;

import io.helidon.logging.common.LogConfig;
import java.lang.System.Logger.Level;
import org.streamgate.common.logging.JsonLogFormatter;
import org.streamgate.common.production.DeploymentMode;

/** Starts hls-delivery from the environment (DESIGN §4). */
public final class DeliveryMain {

    private static final System.Logger LOG = System.getLogger(DeliveryMain.class.getName());

    private DeliveryMain() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        // before the configuration is read, so that its errors are JSON lines too
        if (DeploymentMode.declaredProduction(System.getenv())) {
            JsonLogFormatter.install("hls-delivery");
        }
        DeliveryConfig config;
        try {
            config = DeliveryConfig.from(System.getenv());
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, e.getMessage());
            System.exit(2);
            return;
        }
        LOG.log(Level.INFO, config.toString());
        DeliveryServer server;
        try {
            server = DeliveryServer.start(config);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "hls-delivery failed to start: " + e.getMessage(), e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "delivery-shutdown"));
    }
}
