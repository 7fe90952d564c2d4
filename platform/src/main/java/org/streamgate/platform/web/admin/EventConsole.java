package org.streamgate.platform.web.admin;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.streamgate.platform.admin.AdminSessions;
import org.streamgate.platform.code.CodeRepository;
import org.streamgate.platform.code.CodeStatus;
import org.streamgate.platform.event.Event;
import org.streamgate.platform.http.ErrorHandlers;
import org.streamgate.platform.http.Jsons;
import org.streamgate.platform.http.Responses;
import org.streamgate.platform.playback.PlaybackTokens;
import org.streamgate.platform.session.SessionRepository;
import org.streamgate.platform.transcoder.TranscoderClient;

/**
 * One event's page: OBS settings, the transcoder's view of the stream, its codes (filter, search, pages) and who
 * is watching, each part refreshed as an htmx fragment; plus the preview player's token.
 */
final class EventConsole {

    static final int CODES_PAGE_SIZE = 50;
    /** The admin's preview token outlives a normal viewer token: a preview tab is often left open. */
    private static final long PREVIEW_TOKEN_SECONDS = 3600;

    private final ConsolePages pages;
    private final String rtmpUrl;
    private final String hlsServerBaseUrl;
    private final CodeRepository codes;
    private final SessionRepository sessions;
    private final TranscoderClient transcoder;
    private final PlaybackTokens tokens;
    private final Clock clock;

    EventConsole(ConsolePages pages, String rtmpUrl, String hlsServerBaseUrl, CodeRepository codes,
                 SessionRepository sessions, TranscoderClient transcoder, PlaybackTokens tokens, Clock clock) {
        this.pages = pages;
        this.rtmpUrl = rtmpUrl;
        this.hlsServerBaseUrl = hlsServerBaseUrl;
        this.codes = codes;
        this.sessions = sessions;
        this.transcoder = transcoder;
        this.tokens = tokens;
        this.clock = clock;
    }

    void routing(HttpRules rules) {
        rules.get("/admin/events/{id}", this::eventPage)
                .get("/admin/events/{id}/fragments/health", this::healthFragment)
                .get("/admin/events/{id}/fragments/codes", this::codesFragment)
                .get("/admin/events/{id}/fragments/sessions", this::sessionsFragment)
                .get("/admin/events/{id}/preview-token", this::previewToken);
    }

    private void eventPage(ServerRequest req, ServerResponse res) {
        Optional<AdminSessions.Session> session = pages.page(req, res);
        Optional<Event> event = session.flatMap(s -> pages.pageEvent(req, res, s));
        if (event.isEmpty()) {
            return;
        }
        Map<String, Object> model = pages.base(session.get(), "event");
        model.put("event", event.get());
        model.put("rtmpUrl", rtmpUrl);
        model.put("health", health(event.get()));
        model.put("hlsServerBaseUrl", hlsServerBaseUrl);
        model.putAll(codesModel(event.get(), req));
        model.put("sessions", sessions.listActive(event.get().id()));
        model.put("now", clock.instant());
        pages.send(res, "admin/event.jte", model);
    }

    private void healthFragment(ServerRequest req, ServerResponse res) {
        Optional<Event> event = pages.fragmentEvent(req, res);
        if (event.isEmpty()) {
            return;
        }
        pages.send(res, "admin/health.jte", Map.of("event", event.get(), "health", health(event.get())));
    }

    private void codesFragment(ServerRequest req, ServerResponse res) {
        Optional<Event> event = pages.fragmentEvent(req, res);
        if (event.isEmpty()) {
            return;
        }
        pages.send(res, "admin/codesTable.jte", codesModel(event.get(), req));
    }

    private void sessionsFragment(ServerRequest req, ServerResponse res) {
        Optional<Event> event = pages.fragmentEvent(req, res);
        if (event.isEmpty()) {
            return;
        }
        pages.send(res, "admin/sessionsTable.jte", Map.of("event", event.get(),
                "sessions", sessions.listActive(event.get().id()), "now", clock.instant()));
    }

    /** A short-lived playback token for the admin's preview player; it names no code and no viewer session. */
    private void previewToken(ServerRequest req, ServerResponse res) {
        if (!pages.loggedIn(req)) {
            ErrorHandlers.write(res, 401, "unauthorized", "admin login required");
            return;
        }
        Optional<Event> event = pages.event(req);
        if (event.isEmpty()) {
            ErrorHandlers.write(res, 404, "not_found", "event not found");
            return;
        }
        Instant now = clock.instant();
        PlaybackTokens.Issued issued = tokens.issue(UUID.randomUUID(), event.get().id(), UUID.randomUUID(),
                now.plusSeconds(PREVIEW_TOKEN_SECONDS), now);
        Responses.ok(res, Jsons.PROVIDER.createObjectBuilder()
                .add("playbackToken", issued.token())
                .add("tokenExpiresIn", issued.expiresIn())
                .add("playbackUrl", hlsServerBaseUrl.replaceAll("/+$", "") + "/streams/" + event.get().id() + "/master.m3u8")
                .build());
    }

    private Map<String, Object> codesModel(Event event, ServerRequest req) {
        CodeStatus status = ConsolePages.status(req.query().first("status").orElse(""));
        String search = req.query().first("q").orElse("").strip();
        if (search.length() > 100) {
            search = search.substring(0, 100);
        }
        int pageNo = ConsolePages.intParam(req, "page", 1);
        CodeRepository.Page page = codes.list(event.id(), status, search, pageNo, CODES_PAGE_SIZE, clock.instant());
        Map<String, Long> counts = codes.countsByStatus(event.id(), clock.instant()).getOrDefault(event.id(), Map.of());
        Map<String, Object> model = new HashMap<>();
        model.put("event", event);
        model.put("codePage", page);
        model.put("codeStatus", status == null ? "" : status.wireName());
        model.put("codeSearch", search);
        model.put("codePages", ConsolePages.pages(page.total(), CODES_PAGE_SIZE));
        model.put("codeCounts", counts);
        return model;
    }

    /** A scheduled event has no job yet, so the transcoder is not asked. */
    private JobHealth health(Event event) {
        long viewers = sessions.listActive(event.id()).size();
        Optional<JsonObject> job = "scheduled".equals(event.status()) ? Optional.empty()
                : transcoder.job(event.id().toString());
        if (job.isEmpty()) {
            return new JobHealth(false, null, null, null, null, viewers);
        }
        JsonObject j = job.get();
        return new JobHealth(true, text(j, "state"), text(j, "restarts"),
                seconds(j, "lastSegmentAgeSeconds", "lastSegmentAgeMs"), text(j, "speed"), viewers);
    }

    private static String text(JsonObject o, String key) {
        if (!o.containsKey(key) || o.isNull(key)) {
            return null;
        }
        var v = o.get(key);
        return v instanceof JsonString s ? s.getString() : v.toString();
    }

    private static String seconds(JsonObject o, String secondsKey, String millisKey) {
        if (o.containsKey(secondsKey) && o.get(secondsKey) instanceof JsonNumber n) {
            return String.format(Locale.ROOT, "%.1f s", n.doubleValue());
        }
        if (o.containsKey(millisKey) && o.get(millisKey) instanceof JsonNumber n) {
            return String.format(Locale.ROOT, "%.1f s", n.doubleValue() / 1000);
        }
        return null;
    }
}
