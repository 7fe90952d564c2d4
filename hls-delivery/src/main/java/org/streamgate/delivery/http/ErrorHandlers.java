package org.streamgate.delivery.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.Json;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import org.streamgate.common.http.ErrorCodes;

/** The one place that writes {@code {"error":"snake_case","message":"..."}} bodies. Never a stack trace. */
public final class ErrorHandlers {

    private static final System.Logger LOG = System.getLogger(ErrorHandlers.class.getName());

    private ErrorHandlers() {
    }

    public static void register(HttpRouting.Builder routing) {
        routing.error(ApiException.class, (req, res, e) -> write(res, e.status(), e.code(), e.getMessage()));
        routing.error(HttpException.class, ErrorHandlers::http);
        routing.error(Exception.class, ErrorHandlers::unexpected);
    }

    /**
     * Helidon's own request errors (no route: 404, bad method, ...) keep their status, in our format. Without this they
     * would reach {@link #unexpected} and become 500s logged with a stack trace.
     */
    private static void http(ServerRequest req, ServerResponse res, HttpException e) {
        int status = e.status().code();
        if (status >= 500) {
            unexpected(req, res, e);
            return;
        }
        write(res, status, ErrorCodes.of(e.status()), e.status().reasonPhrase());
    }

    private static void unexpected(ServerRequest req, ServerResponse res, Exception e) {
        // Only the path is logged, never the query: tokens may travel there.
        String path = req.path().absolute().rawPath();
        if (res.isSent()) {
            // The body was under way: the viewer went away, or an upstream download broke. The connection is cut.
            LOG.log(Level.DEBUG, "response to " + path + " cut short: " + e.getMessage());
            return;
        }
        if (e instanceof java.io.IOException) {
            // e.g. a file removed between open and read; no stack trace needed
            LOG.log(Level.WARNING, "I/O error serving " + path + ": " + e.getMessage());
        } else {
            LOG.log(Level.ERROR, "unexpected error serving " + path, e);
        }
        write(res, 500, "internal_error", "internal error");
    }

    public static void write(ServerResponse res, int status, String code, String message) {
        if (res.isSent()) {
            return;
        }
        byte[] body = Json.createObjectBuilder()
                .add("error", code)
                .add("message", message)
                .build()
                .toString()
                .getBytes(StandardCharsets.UTF_8);
        res.status(Status.create(status));
        if (status != 416) {
            res.headers().remove(HeaderNames.CONTENT_RANGE);
        }
        res.headers().remove(HeaderNames.ACCEPT_RANGES);
        res.headers().remove(HeaderNames.ETAG);
        res.headers().remove(HeaderNames.LAST_MODIFIED);
        res.headers().remove(HeaderNames.CACHE_CONTROL);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(body);
    }
}
