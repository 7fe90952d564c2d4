package org.streamgate.platform.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The precompiled JTE templates ({@code src/main/jte}, HTML content type: every {@code ${...}} is escaped for its
 * context) and the headers every page carries: a Content-Security-Policy that allows scripts only from this origin
 * (no inline scripts or handlers anywhere in the UI), media and XHR to the HLS server, and no framing.
 */
public final class Templates {

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);
    private final String csp;

    /** @param hlsServerBaseUrl {@code HLS_SERVER_BASE_URL}; its origin is allowed for playlists and segments */
    public Templates(String hlsServerBaseUrl) {
        String delivery = origin(hlsServerBaseUrl);
        this.csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https: http:; "
                + "media-src 'self' blob:" + delivery + "; connect-src 'self'" + delivery + "; worker-src 'self' blob:; "
                + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";
    }

    /** Renders {@code template} with named parameters and sends it as a page (status 200 unless set before). */
    public void send(ServerResponse res, String template, Map<String, Object> params) {
        headers(res);
        res.send(render(template, params).getBytes(StandardCharsets.UTF_8));
    }

    public String render(String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        engine.render(template, params, out);
        return out.toString();
    }

    /** The headers of every HTML answer. */
    public void headers(ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.header(HeaderNames.create("Content-Security-Policy"), csp);
        res.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
        res.header(HeaderNames.create("Referrer-Policy"), "no-referrer");
        res.header(HeaderNames.create("X-Frame-Options"), "DENY");
    }

    static String origin(String url) {
        if (url == null || url.isBlank()) {
            return "";
        }
        try {
            URI uri = URI.create(url.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return "";
            }
            return " " + uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
