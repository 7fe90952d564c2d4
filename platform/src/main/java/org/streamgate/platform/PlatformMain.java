package org.streamgate.platform;

import io.helidon.logging.common.LogConfig;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Map;
import org.streamgate.common.logging.JsonLogFormatter;
import org.streamgate.common.production.DeploymentMode;
import org.streamgate.platform.config.ConfigFile;
import org.streamgate.platform.config.DevSecrets;
import org.streamgate.platform.config.PlatformConfig;

/** Starts the platform: {@code java -jar streamgate-platform.jar}, configured by environment variables. */
public final class PlatformMain {

    private static final System.Logger LOG = System.getLogger(PlatformMain.class.getName());
    private static final String SERVICE = "platform";

    private PlatformMain() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        // Production logs JSON lines from the first line on, configuration errors included.
        if (DeploymentMode.declaredProduction(System.getenv())) {
            JsonLogFormatter.install(SERVICE);
        }
        PlatformConfig config;
        try {
            Map<String, String> env = ConfigFile.withEnvironment(System.getenv());
            if (DeploymentMode.declaredProduction(env)) {
                JsonLogFormatter.install(SERVICE); // STREAMGATE_ENV may come from the config file
            }
            config = PlatformConfig.from(DevSecrets.overlay(env));
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        LOG.log(Level.INFO, config.toString());
        PlatformServer server;
        try {
            server = PlatformServer.start(config, Clock.systemUTC());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "platform failed to start: " + e.getMessage(), e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("platform-shutdown").unstarted(server::stop));
        if (config.devAdminPassword() != null) {
            System.out.println("Admin password (development, from " + config.dataDir().resolve(DevSecrets.FILE_NAME)
                    + "): " + config.devAdminPassword());
        }
        LOG.log(Level.INFO, "platform ready on http://localhost:" + server.port());
    }
}
