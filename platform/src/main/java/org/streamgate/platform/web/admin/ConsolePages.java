package org.streamgate.platform.web.admin;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.streamgate.platform.admin.AdminAuth;
import org.streamgate.platform.admin.AdminSessions;
import org.streamgate.platform.code.CodeStatus;
import org.streamgate.platform.event.Event;
import org.streamgate.platform.event.EventRepository;
import org.streamgate.platform.web.Templates;

/**
 * What every console page and fragment shares: the admin session check (a full page redirects to the login page,
 * an htmx fragment answers {@code HX-Redirect}), the event named in the path with its not-found answer, the model
 * every page layout needs, and lenient query parameters (a console link with a bad page number shows page 1, not
 * an error).
 */
final class ConsolePages {

    private final Templates templates;
    private final String appName;
    private final AdminAuth auth;
    private final EventRepository events;

    ConsolePages(Templates templates, String appName, AdminAuth auth, EventRepository events) {
        this.templates = templates;
        this.appName = appName;
        this.auth = auth;
        this.events = events;
    }

    void send(ServerResponse res, String template, Map<String, Object> model) {
        templates.send(res, template, model);
    }

    String appName() {
        return appName;
    }

    boolean loggedIn(ServerRequest req) {
        return auth.session(req).isPresent();
    }

    /** The model of the page layout: app name, the CSRF token the page's htmx requests send, the active tab. */
    Map<String, Object> base(AdminSessions.Session session, String nav) {
        Map<String, Object> model = new HashMap<>();
        model.put("appName", appName);
        model.put("csrfToken", session.csrfToken());
        model.put("nav", nav);
        return model;
    }

    /** The admin session for a full page, or a redirect to the login page. */
    Optional<AdminSessions.Session> page(ServerRequest req, ServerResponse res) {
        Optional<AdminSessions.Session> session = auth.session(req);
        if (session.isEmpty()) {
            redirect(res, "/admin/login");
        }
        return session;
    }

    /** The admin session for an htmx fragment, or an {@code HX-Redirect} to the login page. */
    Optional<AdminSessions.Session> fragment(ServerRequest req, ServerResponse res) {
        Optional<AdminSessions.Session> session = auth.session(req);
        if (session.isEmpty()) {
            res.header(HeaderNames.create("HX-Redirect"), "/admin/login");
            res.status(401);
            templates.send(res, "admin/gone.jte", Map.of());
        }
        return session;
    }

    /** The event of an htmx fragment, or the fragment's login redirect or "gone" answer already sent. */
    Optional<Event> fragmentEvent(ServerRequest req, ServerResponse res) {
        if (fragment(req, res).isEmpty()) {
            return Optional.empty();
        }
        Optional<Event> event = event(req);
        if (event.isEmpty()) {
            res.status(404);
            templates.send(res, "admin/gone.jte", Map.of());
        }
        return event;
    }

    /** The event of a full page for a logged-in admin, or the not-found page already sent. */
    Optional<Event> pageEvent(ServerRequest req, ServerResponse res, AdminSessions.Session session) {
        Optional<Event> event = event(req);
        if (event.isEmpty()) {
            res.status(404);
            templates.send(res, "admin/notFound.jte", base(session, ""));
        }
        return event;
    }

    /** The event named by the {@code {id}} path parameter; empty for an unknown or malformed id. */
    Optional<Event> event(ServerRequest req) {
        try {
            return events.find(UUID.fromString(req.path().pathParameters().get("id")));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static void redirect(ServerResponse res, String location) {
        res.status(303).header(HeaderNames.LOCATION, location).header(HeaderNames.CACHE_CONTROL, "no-store").send();
    }

    /** A code-status filter; blank, {@code all} or unknown text means no filter. */
    static CodeStatus status(String text) {
        try {
            return text == null || text.isBlank() || "all".equals(text) ? null : CodeStatus.fromWire(text.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static int intParam(ServerRequest req, String name, int fallback) {
        try {
            return Math.max(1, Math.min(1_000_000, Integer.parseInt(req.query().first(name).orElse(""))));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static int pages(long total, int pageSize) {
        return (int) Math.max(1, (total + pageSize - 1) / pageSize);
    }
}
