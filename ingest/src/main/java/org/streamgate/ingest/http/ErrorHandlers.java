package org.streamgate.ingest.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.Json;
import org.streamgate.common.http.ErrorCodes;

/**
 * The one place that writes error bodies of the health/metrics port: {@code {"error":"snake_case","message":"..."}},
 * never a stack trace or an exception class (DESIGN §3). Helidon's own 4xx (no such route, bad request) keep their
 * status; anything else is a logged {@code 500 internal_error}.
 */
public final class ErrorHandlers {

    private static final System.Logger LOG = System.getLogger(ErrorHandlers.class.getName());

    private ErrorHandlers() {
    }

    public static void register(HttpRouting.Builder routing) {
        routing.error(HttpException.class, ErrorHandlers::http)
                .error(Exception.class, ErrorHandlers::unexpected);
    }

    private static void http(ServerRequest req, ServerResponse res, HttpException e) {
        if (e.status().code() >= 500) {
            unexpected(req, res, e);
            return;
        }
        write(res, e.status(), ErrorCodes.of(e.status()), e.status().reasonPhrase());
    }

    private static void unexpected(ServerRequest req, ServerResponse res, Exception e) {
        // the path only: ingest's routes carry no secrets, but a query might
        LOG.log(System.Logger.Level.ERROR, "unexpected error on " + req.prologue().method().text() + " "
                + req.path().path(), e);
        write(res, Status.INTERNAL_SERVER_ERROR_500, "internal_error", "unexpected error");
    }

    static void write(ServerResponse res, Status status, String code, String message) {
        if (res.isSent()) {
            return;
        }
        res.status(status)
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .header(HeaderNames.CACHE_CONTROL, "no-store")
                .send(Json.createObjectBuilder().add("error", code).add("message", message).build().toString());
    }
}
