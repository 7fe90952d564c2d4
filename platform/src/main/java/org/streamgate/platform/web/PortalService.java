package org.streamgate.platform.web;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;

/**
 * The viewer portal, {@code GET /}: code entry, waiting room, player and the end screens are one page driven by
 * {@code /assets/portal.js} against the viewer API (DESIGN §3.2). {@code /?code=XXXX-XXXX-XXXX} (the QR code on a
 * printed ticket) pre-fills the code and submits it.
 */
public final class PortalService implements HttpService {

    /** A code as typed or printed is at most this long; anything longer is not pre-filled. */
    static final int MAX_CODE_INPUT = 40;

    private final Templates templates;
    private final String appName;

    public PortalService(Templates templates, String appName) {
        this.templates = templates;
        this.appName = appName;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::portal);
    }

    private void portal(ServerRequest req, ServerResponse res) {
        String code = req.query().first("code").orElse("").strip();
        if (code.length() > MAX_CODE_INPUT) {
            code = "";
        }
        templates.send(res, "portal.jte", Map.of("appName", appName, "code", code));
    }
}
