package org.streamgate.platform.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonStructure;
import java.nio.charset.StandardCharsets;

/** Writing JSON bodies. */
public final class Responses {

    private Responses() {
    }

    public static void json(ServerResponse res, int status, JsonStructure body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(body.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static void ok(ServerResponse res, JsonStructure body) {
        json(res, 200, body);
    }
}
