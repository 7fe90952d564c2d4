package org.streamgate.platform.admin;

import io.helidon.webserver.http.ServerRequest;
import org.streamgate.platform.http.ApiException;

/** {@code page} (from 1) and {@code pageSize} query parameters. */
public final class Paging {

    private Paging() {
    }

    public static int page(ServerRequest req) {
        return intParam(req, "page", 1, 1, 1_000_000);
    }

    public static int pageSize(ServerRequest req, int fallback, int max) {
        return intParam(req, "pageSize", fallback, 1, max);
    }

    private static int intParam(ServerRequest req, String name, int fallback, int min, int max) {
        String v = req.query().first(name).orElse(null);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int i = Integer.parseInt(v.trim());
            if (i < min || i > max) {
                throw ApiException.invalid("query parameter " + name + " must be between " + min + " and " + max);
            }
            return i;
        } catch (NumberFormatException e) {
            throw ApiException.invalid("query parameter " + name + " must be a number");
        }
    }
}
