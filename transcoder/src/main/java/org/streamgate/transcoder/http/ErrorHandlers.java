package org.streamgate.transcoder.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.Json;
import org.streamgate.common.http.ErrorCodes;

/** The one place that writes error bodies: {@code {"error":"snake_case","message":"..."}}, never a stack trace. */
public final class ErrorHandlers {

    private static final System.Logger LOG = System.getLogger(ErrorHandlers.class.getName());

    private ErrorHandlers() {
    }

    public static void register(HttpRouting.Builder routing) {
        routing.error(ApiException.class, (req, res, e) -> write(res, e.status(), e.code(), e.getMessage()));
        // Helidon's own 4xx (bad request encoding, ...) keep their status instead of becoming 500s
        routing.error(HttpException.class, (req, res, e) -> {
            if (e.status().code() >= 500) {
                unexpected(req, res, e);
                return;
            }
            write(res, e.status(), ErrorCodes.of(e.status()), e.status().reasonPhrase());
        });
        routing.error(Exception.class, ErrorHandlers::unexpected);
    }

    private static void unexpected(ServerRequest req, ServerResponse res, Exception e) {
        LOG.log(System.Logger.Level.ERROR, "unexpected error on " + req.prologue().method().text() + " "
                + req.path().path(), e);
        write(res, Status.INTERNAL_SERVER_ERROR_500, "internal_error", "unexpected error");
    }

    public static void write(ServerResponse res, Status status, String code, String message) {
        if (res.isSent()) {
            return;
        }
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(Json.createObjectBuilder().add("error", code).add("message", message).build().toString());
    }
}
