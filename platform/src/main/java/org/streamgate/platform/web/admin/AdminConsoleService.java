package org.streamgate.platform.web.admin;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.streamgate.platform.admin.AdminAuth;
import org.streamgate.platform.admin.AdminSessions;
import org.streamgate.platform.admin.AuditLog;
import org.streamgate.platform.code.CodeRepository;
import org.streamgate.platform.code.CodeRow;
import org.streamgate.platform.code.CodeStatus;
import org.streamgate.platform.event.Event;
import org.streamgate.platform.event.EventRepository;
import org.streamgate.platform.http.Jsons;
import org.streamgate.platform.http.Responses;
import org.streamgate.platform.playback.PlaybackTokens;
import org.streamgate.platform.session.SessionRepository;
import org.streamgate.platform.session.SessionView;
import org.streamgate.platform.transcoder.TranscoderClient;
import org.streamgate.platform.web.Templates;

/**
 * The admin console under {@code /admin} (DESIGN §3.7): server-rendered pages and the htmx fragments they poll.
 * It only reads; every change is an htmx request from the page to the JSON admin API ({@code /api/admin/...}), with
 * the session cookie and the {@code X-CSRF-Token} taken from the page's {@code csrf-token} meta tag, so the console
 * gets exactly the API's validation, CSRF check, audit and revocation feed.
 */
public final class AdminConsoleService implements HttpService {

    static final int CODES_PAGE_SIZE = 50;
    static final int QR_PAGE_SIZE = 120;
    static final int AUDIT_PAGE_SIZE = 50;

    private final Templates templates;
    private final String appName;
    private final String rtmpUrl;
    private final AdminAuth auth;
    private final EventRepository events;
    private final CodeRepository codes;
    private final SessionRepository sessions;
    private final AuditLog audit;
    private final TranscoderClient transcoder;
    private final PlaybackTokens tokens;
    private final String hlsServerBaseUrl;
    private final Clock clock;

    public AdminConsoleService(Templates templates, String appName, String rtmpUrl, AdminAuth auth, EventRepository events,
                               CodeRepository codes, SessionRepository sessions, AuditLog audit,
                               TranscoderClient transcoder, PlaybackTokens tokens, String hlsServerBaseUrl, Clock clock) {
        this.templates = templates;
        this.appName = appName;
        this.rtmpUrl = rtmpUrl;
        this.auth = auth;
        this.events = events;
        this.codes = codes;
        this.sessions = sessions;
        this.audit = audit;
        this.transcoder = transcoder;
        this.tokens = tokens;
        this.hlsServerBaseUrl = hlsServerBaseUrl;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/admin/login", this::login)
                .get("/admin", this::dashboard)
                .get("/admin/", this::dashboard)
                .get("/admin/fragments/events", this::eventsFragment)
                .get("/admin/events/new", this::newEvent)
                .get("/admin/events/{id}", this::eventPage)
                .get("/admin/events/{id}/fragments/health", this::healthFragment)
                .get("/admin/events/{id}/fragments/codes", this::codesFragment)
                .get("/admin/events/{id}/fragments/sessions", this::sessionsFragment)
                .get("/admin/events/{id}/preview-token", this::previewToken)
                .get("/admin/events/{id}/qr", this::qrSheet)
                .get("/admin/audit", this::auditPage);
    }

    // ---- pages ------------------------------------------------------------------------------------------------

    private void login(ServerRequest req, ServerResponse res) {
        if (auth.session(req).isPresent()) {
            redirect(res, "/admin");
            return;
        }
        templates.send(res, "admin/login.jte", Map.of("appName", appName));
    }

    private void dashboard(ServerRequest req, ServerResponse res) {
        Optional<AdminSessions.Session> session = page(req, res);
        if (session.isEmpty()) {
            return;
        }
        Map<String, Object> model = base(session.get(), "dashboard");
        model.putAll(eventsModel(req));
        templates.send(res, "admin/dashboard.jte", model);
    }

    private void eventsFragment(ServerRequest req, ServerResponse res) {
        if (fragment(req, res).isEmpty()) {
            return;
        }
        templates.send(res, "admin/eventsTable.jte", eventsModel(req));
    }

    private void newEvent(ServerRequest req, ServerResponse res) {
        Optional<AdminSessions.Session> session = page(req, res);
        if (session.isEmpty()) {
            return;
        }
        templates.send(res, "admin/eventNew.jte", base(session.get(), "new"));
    }

    private void eventPage(ServerRequest req, ServerResponse res) {
        Optional<AdminSessions.Session> session = page(req, res);
        Optional<Event> event = session.flatMap(s -> pageEvent(req, res, s));
        if (event.isEmpty()) {
            return;
        }
        Map<String, Object> model = base(session.get(), "event");
        model.put("event", event.get());
        model.put("rtmpUrl", rtmpUrl);
        model.put("health", health(event.get()));
        model.put("hlsServerBaseUrl", hlsServerBaseUrl);
        model.putAll(codesModel(event.get(), req));
        model.put("sessions", sessions.listActive(event.get().id()));
        model.put("now", clock.instant());
        templates.send(res, "admin/event.jte", model);
    }

    private void healthFragment(ServerRequest req, ServerResponse res) {
        Optional<Event> event = fragmentEvent(req, res);
        if (event.isEmpty()) {
            return;
        }
        templates.send(res, "admin/health.jte", Map.of("event", event.get(), "health", health(event.get())));
    }

    private void codesFragment(ServerRequest req, ServerResponse res) {
        Optional<Event> event = fragmentEvent(req, res);
        if (event.isEmpty()) {
            return;
        }
        templates.send(res, "admin/codesTable.jte", codesModel(event.get(), req));
    }

    private void sessionsFragment(ServerRequest req, ServerResponse res) {
        Optional<Event> event = fragmentEvent(req, res);
        if (event.isEmpty()) {
            return;
        }
        templates.send(res, "admin/sessionsTable.jte", Map.of("event", event.get(),
                "sessions", sessions.listActive(event.get().id()), "now", clock.instant()));
    }

    /** A short-lived playback token for the admin's preview player; it names no code and no viewer session. */
    private void previewToken(ServerRequest req, ServerResponse res) {
        if (auth.session(req).isEmpty()) {
            org.streamgate.platform.http.ErrorHandlers.write(res, 401, "unauthorized", "admin login required");
            return;
        }
        Optional<Event> event = event(req);
        if (event.isEmpty()) {
            org.streamgate.platform.http.ErrorHandlers.write(res, 404, "not_found", "event not found");
            return;
        }
        Instant now = clock.instant();
        PlaybackTokens.Issued issued = tokens.issue(UUID.randomUUID(), event.get().id(), UUID.randomUUID(),
                now.plusSeconds(3600), now);
        Responses.ok(res, Jsons.PROVIDER.createObjectBuilder()
                .add("playbackToken", issued.token())
                .add("tokenExpiresIn", issued.expiresIn())
                .add("playbackUrl", hlsServerBaseUrl.replaceAll("/+$", "") + "/streams/" + event.get().id() + "/master.m3u8")
                .build());
    }

    private void qrSheet(ServerRequest req, ServerResponse res) {
        Optional<AdminSessions.Session> session = page(req, res);
        Optional<Event> event = session.flatMap(s -> pageEvent(req, res, s));
        if (event.isEmpty()) {
            return;
        }
        CodeStatus status = status(req.query().first("status").orElse("unused"));
        int pageNo = intParam(req, "page", 1);
        CodeRepository.Page page = codes.list(event.get().id(), status, null, pageNo, QR_PAGE_SIZE, clock.instant());
        String portal = portalUrl(req);
        List<Ticket> tickets = new ArrayList<>();
        for (CodeRow c : page.codes()) {
            String link = portal + "/?code=" + c.displayCode();
            tickets.add(new Ticket(c.displayCode(), c.label(), link, QrCodes.svg(link)));
        }
        Map<String, Object> model = base(session.get(), "qr");
        model.put("event", event.get());
        model.put("tickets", tickets);
        model.put("page", page);
        model.put("status", status == null ? "" : status.wireName());
        model.put("pages", pages(page.total(), QR_PAGE_SIZE));
        model.put("portalUrl", portal);
        templates.send(res, "admin/qr.jte", model);
    }

    private void auditPage(ServerRequest req, ServerResponse res) {
        Optional<AdminSessions.Session> session = page(req, res);
        if (session.isEmpty()) {
            return;
        }
        int pageNo = intParam(req, "page", 1);
        var json = audit.page(pageNo, AUDIT_PAGE_SIZE);
        List<AuditRow> rows = new ArrayList<>();
        for (var v : json.getJsonArray("entries")) {
            var o = v.asJsonObject();
            rows.add(new AuditRow(Instant.parse(o.getString("at")), o.getString("actor"), o.getString("action"),
                    o.isNull("target") ? null : o.getString("target"), o.isNull("details") ? null : o.getString("details"),
                    o.isNull("clientAddress") ? null : o.getString("clientAddress")));
        }
        long total = json.getJsonNumber("total").longValue();
        Map<String, Object> model = base(session.get(), "audit");
        model.put("rows", rows);
        model.put("page", pageNo);
        model.put("pages", pages(total, AUDIT_PAGE_SIZE));
        model.put("total", total);
        templates.send(res, "admin/audit.jte", model);
    }

    // ---- models -----------------------------------------------------------------------------------------------

    /** One row of the events table. */
    public record EventRow(Event event, long viewers, Map<String, Long> codes) {
        public long codeCount() {
            return codes.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** A printable ticket. */
    public record Ticket(String code, String label, String link, String svg) {
    }

    public record AuditRow(Instant at, String actor, String action, String target, String details, String clientAddress) {
    }

    /** What the transcoder says about the event's job, if anything. */
    public record Health(boolean known, String state, String restarts, String lastSegmentAge, String speed, long viewers) {
    }

    private Map<String, Object> eventsModel(ServerRequest req) {
        String filter = req.query().first("status").orElse("").strip().toLowerCase(Locale.ROOT);
        String search = req.query().first("q").orElse("").strip();
        Instant now = clock.instant();
        Map<UUID, Map<String, Long>> counts = codes.countsByStatus(null, now);
        List<EventRow> rows = new ArrayList<>();
        long liveViewers = 0;
        int live = 0;
        for (Event e : events.list()) {
            boolean active = !"archived".equals(e.status());
            long viewers = "live".equals(e.status()) || "reconnecting".equals(e.status()) || "ended".equals(e.status())
                    ? sessions.listActive(e.id()).size() : 0;
            if ("live".equals(e.status()) || "reconnecting".equals(e.status())) {
                live++;
            }
            liveViewers += viewers;
            boolean statusMatches = filter.isEmpty() ? active : (filter.equals("all") || filter.equals(e.status()));
            boolean searchMatches = search.isEmpty() || e.title().toLowerCase(Locale.ROOT).contains(search.toLowerCase(Locale.ROOT));
            if (statusMatches && searchMatches) {
                rows.add(new EventRow(e, viewers, counts.getOrDefault(e.id(), Map.of())));
            }
        }
        Map<String, Object> model = new HashMap<>();
        model.put("rows", rows);
        model.put("filter", filter);
        model.put("search", search);
        model.put("liveEvents", live);
        model.put("liveViewers", liveViewers);
        model.put("now", now);
        return model;
    }

    private Map<String, Object> codesModel(Event event, ServerRequest req) {
        String statusText = req.query().first("status").orElse("");
        CodeStatus status = status(statusText);
        String search = req.query().first("q").orElse("").strip();
        if (search.length() > 100) {
            search = search.substring(0, 100);
        }
        int pageNo = intParam(req, "page", 1);
        CodeRepository.Page page = codes.list(event.id(), status, search, pageNo, CODES_PAGE_SIZE, clock.instant());
        Map<String, Long> counts = codes.countsByStatus(event.id(), clock.instant()).getOrDefault(event.id(), Map.of());
        Map<String, Object> model = new HashMap<>();
        model.put("event", event);
        model.put("codePage", page);
        model.put("codeStatus", status == null ? "" : status.wireName());
        model.put("codeSearch", search);
        model.put("codePages", pages(page.total(), CODES_PAGE_SIZE));
        model.put("codeCounts", counts);
        return model;
    }

    private Health health(Event event) {
        long viewers = sessions.listActive(event.id()).size();
        Optional<jakarta.json.JsonObject> job = "scheduled".equals(event.status()) ? Optional.empty()
                : transcoder.job(event.id().toString());
        if (job.isEmpty()) {
            return new Health(false, null, null, null, null, viewers);
        }
        var j = job.get();
        return new Health(true, text(j, "state"), text(j, "restarts"), seconds(j, "lastSegmentAgeSeconds", "lastSegmentAgeMs"),
                text(j, "speed"), viewers);
    }

    private static String text(jakarta.json.JsonObject o, String key) {
        if (!o.containsKey(key) || o.isNull(key)) {
            return null;
        }
        var v = o.get(key);
        return v instanceof jakarta.json.JsonString s ? s.getString() : v.toString();
    }

    private static String seconds(jakarta.json.JsonObject o, String secondsKey, String millisKey) {
        if (o.containsKey(secondsKey) && o.get(secondsKey) instanceof jakarta.json.JsonNumber n) {
            return String.format(Locale.ROOT, "%.1f s", n.doubleValue());
        }
        if (o.containsKey(millisKey) && o.get(millisKey) instanceof jakarta.json.JsonNumber n) {
            return String.format(Locale.ROOT, "%.1f s", n.doubleValue() / 1000);
        }
        return null;
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private Map<String, Object> base(AdminSessions.Session session, String nav) {
        Map<String, Object> model = new HashMap<>();
        model.put("appName", appName);
        model.put("csrfToken", session.csrfToken());
        model.put("nav", nav);
        return model;
    }

    /** The admin session for a full page, or a redirect to the login page. */
    private Optional<AdminSessions.Session> page(ServerRequest req, ServerResponse res) {
        Optional<AdminSessions.Session> session = auth.session(req);
        if (session.isEmpty()) {
            redirect(res, "/admin/login");
        }
        return session;
    }

    /** The admin session for an htmx fragment, or an {@code HX-Redirect} to the login page. */
    private Optional<AdminSessions.Session> fragment(ServerRequest req, ServerResponse res) {
        Optional<AdminSessions.Session> session = auth.session(req);
        if (session.isEmpty()) {
            res.header(HeaderNames.create("HX-Redirect"), "/admin/login");
            res.status(401);
            templates.send(res, "admin/gone.jte", Map.of());
        }
        return session;
    }

    /** The event of an htmx fragment, or the fragment's login redirect or "gone" answer already sent. */
    private Optional<Event> fragmentEvent(ServerRequest req, ServerResponse res) {
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
    private Optional<Event> pageEvent(ServerRequest req, ServerResponse res, AdminSessions.Session session) {
        Optional<Event> event = event(req);
        if (event.isEmpty()) {
            notFound(res, session);
        }
        return event;
    }

    private Optional<Event> event(ServerRequest req) {
        try {
            return events.find(UUID.fromString(req.path().pathParameters().get("id")));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private void notFound(ServerResponse res, AdminSessions.Session session) {
        res.status(404);
        templates.send(res, "admin/notFound.jte", base(session, ""));
    }

    private static void redirect(ServerResponse res, String location) {
        res.status(303).header(HeaderNames.LOCATION, location).header(HeaderNames.CACHE_CONTROL, "no-store").send();
    }

    private static CodeStatus status(String text) {
        try {
            return text == null || text.isBlank() || "all".equals(text) ? null : CodeStatus.fromWire(text.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int intParam(ServerRequest req, String name, int fallback) {
        try {
            return Math.max(1, Math.min(1_000_000, Integer.parseInt(req.query().first(name).orElse(""))));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static int pages(long total, int pageSize) {
        return (int) Math.max(1, (total + pageSize - 1) / pageSize);
    }

    /** Where viewers reach this portal, as seen by the admin's browser (for the tickets' QR links). */
    private static String portalUrl(ServerRequest req) {
        String proto = req.headers().first(HeaderNames.X_FORWARDED_PROTO).orElse(req.isSecure() ? "https" : "http");
        String host = req.headers().first(HeaderNames.HOST).orElse("localhost");
        if (!host.matches("[A-Za-z0-9.\\-:\\[\\]]{1,255}")) {
            host = "localhost";
        }
        return ("https".equalsIgnoreCase(proto) ? "https" : "http") + "://" + host;
    }
}
