package org.streamgate.platform.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.lang.System.Logger.Level;
import org.streamgate.common.http.ErrorCodes;

/**
 * The one place that writes error bodies: {@code {"error":"snake_case","message":"..."}}. Anything unexpected becomes
 * {@code 500 internal_error}, logged with its stack trace on the server, never sent to the client.
 */
public final class ErrorHandlers {

    private static final System.Logger LOG = System.getLogger(ErrorHandlers.class.getName());

    private ErrorHandlers() {
    }

    public static void register(HttpRouting.Builder routing) {
        routing.error(ApiException.class, ErrorHandlers::api)
                .error(HttpException.class, ErrorHandlers::http)
                .error(Exception.class, ErrorHandlers::unexpected);
    }

    private static void api(ServerRequest req, ServerResponse res, ApiException e) {
        if (e.retryAfterSeconds() != null) {
            res.header(HeaderNames.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfterSeconds())));
        }
        if (e.extra().isEmpty()) {
            write(res, e.status(), e.code(), e.getMessage());
            return;
        }
        var body = Jsons.PROVIDER.createObjectBuilder()
                .add("error", e.code())
                .add("message", e.getMessage() == null ? "" : e.getMessage());
        e.extra().forEach(body::add);
        Responses.json(res, e.status(), body.build());
    }

    /** Helidon's own request errors (bad query encoding, ...) keep their status, in our format. */
    private static void http(ServerRequest req, ServerResponse res, HttpException e) {
        int status = e.status().code();
        if (status >= 500) {
            unexpected(req, res, e);
            return;
        }
        write(res, status, ErrorCodes.of(e.status()), e.status().reasonPhrase());
    }

    private static void unexpected(ServerRequest req, ServerResponse res, Exception e) {
        LOG.log(Level.ERROR, req.prologue().method().text() + " " + req.path().path() + " failed", e);
        write(res, 500, "internal_error", "unexpected server error");
    }

    /** Writes an error body; also used by handlers that answer outside the exception path (e.g. SSE). */
    public static void write(ServerResponse res, int status, String code, String message) {
        if (res.isSent()) {
            return;
        }
        Responses.json(res, status, Jsons.PROVIDER.createObjectBuilder()
                .add("error", code)
                .add("message", message == null ? "" : message)
                .build());
    }
}
