package org.streamgate.delivery.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Arrays;
import java.util.List;

/**
 * CORS for {@code CORS_ALLOWED_ORIGIN} (a comma-separated list, or {@code *}): the portal on another origin may
 * fetch playlists and segments with an {@code Authorization} header. No credentials (cookies) are involved, so
 * {@code Access-Control-Allow-Credentials} is never sent.
 *
 * <p>Concurrency: immutable.
 */
public final class CorsPolicy {

    static final String ALLOWED_METHODS = "GET, HEAD, OPTIONS";
    static final String ALLOWED_HEADERS = "Authorization, Range, If-None-Match, If-Modified-Since, If-Range";
    static final String EXPOSED_HEADERS = "Content-Length, Content-Range, Accept-Ranges, ETag, Last-Modified";
    static final String MAX_AGE_SECONDS = "600";

    private final List<String> allowed;
    private final boolean any;

    /** @param allowedOrigins empty for no CORS at all */
    public CorsPolicy(String allowedOrigins) {
        this.allowed = Arrays.stream(allowedOrigins.split(","))
                .map(String::strip)
                .map(o -> o.endsWith("/") ? o.substring(0, o.length() - 1) : o)
                .filter(o -> !o.isEmpty())
                .toList();
        this.any = allowed.contains("*");
    }

    public boolean enabled() {
        return !allowed.isEmpty();
    }

    /** Adds the response headers for a simple (non-preflight) request from an allowed origin. */
    public void decorate(ServerRequest req, ServerResponse res) {
        if (!enabled()) {
            return;
        }
        res.header(HeaderNames.VARY, "Origin");
        String origin = req.headers().first(HeaderNames.ORIGIN).orElse(null);
        if (origin == null || !allows(origin)) {
            return;
        }
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, any ? "*" : origin);
        res.header(HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS);
    }

    /** Answers an {@code OPTIONS} preflight: 204, with the allow headers only for an allowed origin. */
    public void preflight(ServerRequest req, ServerResponse res) {
        decorate(req, res);
        String origin = req.headers().first(HeaderNames.ORIGIN).orElse(null);
        if (enabled() && origin != null && allows(origin)) {
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS);
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS);
            res.header(HeaderNames.ACCESS_CONTROL_MAX_AGE, MAX_AGE_SECONDS);
        }
        res.header(HeaderNames.ALLOW, ALLOWED_METHODS);
        res.status(204).send();
    }

    boolean allows(String origin) {
        return any || allowed.contains(origin);
    }
}
