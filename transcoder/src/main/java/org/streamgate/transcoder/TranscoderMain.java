package org.streamgate.transcoder;

import io.helidon.logging.common.LogConfig;

/** Starts the transcoder from environment variables (DESIGN §4). */
public final class TranscoderMain {

    private static final System.Logger LOG = System.getLogger(TranscoderMain.class.getName());

    private TranscoderMain() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        TranscoderConfig config;
        try {
            config = TranscoderConfig.from(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("transcoder: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        LOG.log(System.Logger.Level.INFO, "starting with " + config);
        TranscoderServer server = TranscoderServer.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "transcoder-shutdown"));
    }
}
