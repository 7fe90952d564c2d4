package org.streamgate.platform.web.admin;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.util.Map;
import org.streamgate.platform.admin.AdminAuth;
import org.streamgate.platform.admin.AuditLog;
import org.streamgate.platform.code.CodeRepository;
import org.streamgate.platform.event.EventRepository;
import org.streamgate.platform.playback.PlaybackTokens;
import org.streamgate.platform.session.SessionRepository;
import org.streamgate.platform.transcoder.TranscoderClient;
import org.streamgate.platform.web.Templates;

/**
 * The admin console under {@code /admin} (DESIGN §3.7): server-rendered pages and the htmx fragments they poll.
 * It only reads; every change is an htmx request from the page to the JSON admin API ({@code /api/admin/...}), with
 * the session cookie and the {@code X-CSRF-Token} taken from the page's {@code csrf-token} meta tag, so the console
 * gets exactly the API's validation, CSRF check, audit and revocation feed.
 *
 * <p>One class per page: {@link EventsOverview} (dashboard), {@link EventConsole} (one event), {@link TicketSheet}
 * (printable QR tickets), {@link AuditPage}; {@link ConsolePages} holds what they share.
 */
public final class AdminConsoleService implements HttpService {

    private final ConsolePages pages;
    private final EventsOverview overview;
    private final EventConsole eventConsole;
    private final TicketSheet tickets;
    private final AuditPage auditPage;

    public AdminConsoleService(Templates templates, String appName, String rtmpUrl, AdminAuth auth, EventRepository events,
                               CodeRepository codes, SessionRepository sessions, AuditLog audit,
                               TranscoderClient transcoder, PlaybackTokens tokens, String hlsServerBaseUrl, Clock clock) {
        this.pages = new ConsolePages(templates, appName, auth, events);
        this.overview = new EventsOverview(pages, events, codes, sessions, clock);
        this.eventConsole = new EventConsole(pages, rtmpUrl, hlsServerBaseUrl, codes, sessions, transcoder, tokens,
                clock);
        this.tickets = new TicketSheet(pages, codes, clock);
        this.auditPage = new AuditPage(pages, audit);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/admin/login", this::login);
        overview.routing(rules);
        eventConsole.routing(rules);
        tickets.routing(rules);
        auditPage.routing(rules);
    }

    /** The login form; the form posts to the JSON API's login route. */
    private void login(ServerRequest req, ServerResponse res) {
        if (pages.loggedIn(req)) {
            ConsolePages.redirect(res, "/admin");
            return;
        }
        pages.send(res, "admin/login.jte", Map.of("appName", pages.appName()));
    }
}
