package org.streamgate.common.http;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;

/** Starting a Helidon server, with the check Helidon leaves to its caller. */
public final class ServerStart {

    private ServerStart() {
    }

    /**
     * Builds and starts the server. Helidon logs a port it cannot bind and returns a stopped server instead of
     * throwing; a service that carried on would log "listening on port -1" and exit 0, so this throws, naming the
     * setting, and the service's main exits 1.
     *
     * @param portKey the environment key the builder's port came from ({@code PORT}, {@code INGEST_HTTP_PORT})
     */
    public static WebServer start(WebServerConfig.Builder builder, String portKey) {
        WebServer server = builder.build().start();
        if (!server.isRunning()) {
            throw new IllegalStateException(portKey + " " + builder.port() + " could not be opened (in use?)");
        }
        return server;
    }
}
