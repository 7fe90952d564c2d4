package org.streamgate.platform.web.admin;

import io.helidon.webserver.http.HttpRules;
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
import org.streamgate.platform.admin.AdminSessions;
import org.streamgate.platform.code.CodeRepository;
import org.streamgate.platform.event.Event;
import org.streamgate.platform.event.EventRepository;
import org.streamgate.platform.session.SessionRepository;

/**
 * The dashboard: every event with its viewers and code counts, live totals, a status filter and a title search;
 * the table refreshes itself as an htmx fragment. Also the "new event" form.
 */
final class EventsOverview {

    private final ConsolePages pages;
    private final EventRepository events;
    private final CodeRepository codes;
    private final SessionRepository sessions;
    private final Clock clock;

    EventsOverview(ConsolePages pages, EventRepository events, CodeRepository codes, SessionRepository sessions,
                   Clock clock) {
        this.pages = pages;
        this.events = events;
        this.codes = codes;
        this.sessions = sessions;
        this.clock = clock;
    }

    void routing(HttpRules rules) {
        rules.get("/admin", this::dashboard)
                .get("/admin/", this::dashboard)
                .get("/admin/fragments/events", this::eventsFragment)
                .get("/admin/events/new", this::newEvent);
    }

    private void dashboard(ServerRequest req, ServerResponse res) {
        Optional<AdminSessions.Session> session = pages.page(req, res);
        if (session.isEmpty()) {
            return;
        }
        Map<String, Object> model = pages.base(session.get(), "dashboard");
        model.putAll(eventsModel(req));
        pages.send(res, "admin/dashboard.jte", model);
    }

    private void eventsFragment(ServerRequest req, ServerResponse res) {
        if (pages.fragment(req, res).isEmpty()) {
            return;
        }
        pages.send(res, "admin/eventsTable.jte", eventsModel(req));
    }

    private void newEvent(ServerRequest req, ServerResponse res) {
        Optional<AdminSessions.Session> session = pages.page(req, res);
        if (session.isEmpty()) {
            return;
        }
        pages.send(res, "admin/eventNew.jte", pages.base(session.get(), "new"));
    }

    /** Without a filter the table hides archived events; {@code all} shows every one. */
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
}
