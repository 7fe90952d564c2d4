package org.streamgate.platform.event;

import io.helidon.dbclient.DbTransaction;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.streamgate.platform.http.Jsons;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.streamgate.common.internalapi.RevocationChange.Kind;
import org.streamgate.common.internalapi.StreamProfile;
import org.streamgate.platform.admin.AdminAuth;
import org.streamgate.platform.admin.AdminPrincipal;
import org.streamgate.platform.admin.AuditLog;
import org.streamgate.platform.http.ApiException;
import org.streamgate.platform.http.JsonBodies;
import org.streamgate.platform.http.Responses;
import org.streamgate.platform.revocation.RevocationLog;
import org.streamgate.platform.transcoder.TranscoderClient;

/**
 * Admin event routes under {@code /api/admin} (DESIGN §3.7): create, list, read, edit, delete, rotate the stream key,
 * end now, archive and unarchive.
 */
public final class AdminEventService implements HttpService {

    private static final System.Logger LOG = System.getLogger(AdminEventService.class.getName());
    static final int MAX_TITLE = 200;
    static final int MAX_DESCRIPTION = 5000;

    private final AdminAuth auth;
    private final AuditLog audit;
    private final EventRepository events;
    private final org.streamgate.platform.code.CodeRepository codes;
    private final StreamKeys streamKeys;
    private final TranscoderClient transcoder;
    private final String rtmpUrl;
    private final Clock clock;

    public AdminEventService(AdminAuth auth, AuditLog audit, EventRepository events,
                             org.streamgate.platform.code.CodeRepository codes, StreamKeys streamKeys,
                             TranscoderClient transcoder, String rtmpUrl, Clock clock) {
        this.auth = auth;
        this.audit = audit;
        this.events = events;
        this.codes = codes;
        this.streamKeys = streamKeys;
        this.transcoder = transcoder;
        this.rtmpUrl = rtmpUrl;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/events", this::create)
                .get("/events", this::list)
                .get("/events/{id}", this::get)
                .put("/events/{id}", this::update)
                .delete("/events/{id}", this::delete)
                .post("/events/{id}/stream-key", this::rotateKey)
                .post("/events/{id}/end", this::end)
                .post("/events/{id}/archive", (req, res) -> archive(req, res, true))
                .post("/events/{id}/unarchive", (req, res) -> archive(req, res, false))
                .delete("/events/{id}/files", this::purgeFiles);
    }

    private void create(ServerRequest req, ServerResponse res) {
        AdminPrincipal who = auth.require(req);
        JsonObject json = JsonBodies.object(req);
        Instant now = clock.instant();
        Event event = new Event(UUID.randomUUID(),
                title(JsonBodies.requiredString(json, "title")),
                description(JsonBodies.optionalString(json, "description")),
                JsonBodies.requiredInstant(json, "startsAt"),
                JsonBodies.requiredInstant(json, "endsAt"),
                accessWindow(JsonBodies.optionalInt(json, "accessWindowHours"), Event.DEFAULT_ACCESS_WINDOW_HOURS),
                posterUrl(JsonBodies.optionalString(json, "posterUrl")),
                profile(JsonBodies.optionalString(json, "profile"), StreamProfile.COPY),
                "scheduled", false, null, streamKeys.generate(), false, null, null, null, null, null, null, now, now);
        requireOrder(event);
        events.insert(event, false);
        audit.record(who, "event.create", event.id().toString(), "title=" + event.title());
        LOG.log(Level.INFO, "[" + event.id() + "] event created");
        Responses.json(res, 201, EventJson.admin(event, rtmpUrl));
    }

    private void list(ServerRequest req, ServerResponse res) {
        auth.require(req);
        JsonArrayBuilder list = Jsons.PROVIDER.createArrayBuilder();
        var counts = codes.countsByStatus(null, clock.instant());
        events.list().forEach(e -> list.add(EventJson.admin(e, rtmpUrl, counts.get(e.id()))));
        Responses.ok(res, Jsons.PROVIDER.createObjectBuilder().add("events", list).build());
    }

    private void get(ServerRequest req, ServerResponse res) {
        auth.require(req);
        Event e = load(req);
        Responses.ok(res, EventJson.admin(e, rtmpUrl, codes.countsByStatus(e.id(), clock.instant()).get(e.id())));
    }

    private void update(ServerRequest req, ServerResponse res) {
        AdminPrincipal who = auth.require(req);
        Event e = load(req);
        JsonObject json = JsonBodies.object(req);
        Event updated = new Event(e.id(),
                json.containsKey("title") ? title(JsonBodies.requiredString(json, "title")) : e.title(),
                json.containsKey("description") ? description(JsonBodies.optionalString(json, "description")) : e.description(),
                json.containsKey("startsAt") ? JsonBodies.requiredInstant(json, "startsAt") : e.startsAt(),
                json.containsKey("endsAt") ? JsonBodies.requiredInstant(json, "endsAt") : e.endsAt(),
                json.containsKey("accessWindowHours")
                        ? accessWindow(JsonBodies.optionalInt(json, "accessWindowHours"), Event.DEFAULT_ACCESS_WINDOW_HOURS)
                        : e.accessWindowHours(),
                json.containsKey("posterUrl") ? posterUrl(JsonBodies.optionalString(json, "posterUrl")) : e.posterUrl(),
                json.containsKey("profile") ? profile(JsonBodies.optionalString(json, "profile"), e.profile()) : e.profile(),
                e.streamStatus(), e.streamFailed(), e.lastStateAt(), e.streamKey(), e.archived(), e.publisherClientId(),
                e.publisherAddr(), e.publisherSince(), e.publisherSeenAt(), e.vodState(), e.vodProgress(), e.createdAt(),
                clock.instant());
        requireOrder(updated);
        events.update(events.db().execute(), updated);
        audit.record(who, "event.update", e.id().toString(), String.join(",", json.keySet()));
        Responses.ok(res, EventJson.admin(events.find(e.id()).orElseThrow(), rtmpUrl));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        AdminPrincipal who = auth.require(req);
        Event e = load(req);
        Instant now = clock.instant();
        DbTransaction tx = events.db().transaction();
        try {
            events.delete(tx, e.id());
            RevocationLog.append(tx, Kind.EVENT, e.id(), true, now);
            tx.commit();
        } catch (RuntimeException ex) {
            tx.rollback();
            throw ex;
        }
        if (e.publisherSince() != null || "live".equals(e.streamStatus()) || "reconnecting".equals(e.streamStatus())
                || "processing".equals(e.vodState())) {
            Thread.ofVirtual().name("end-job-" + e.id()).start(() -> transcoder.endJob(e.id().toString()));
        }
        audit.record(who, "event.delete", e.id().toString(), "title=" + e.title());
        LOG.log(Level.INFO, "[" + e.id() + "] event deleted");
        Responses.ok(res, Jsons.PROVIDER.createObjectBuilder().add("deleted", true).add("id", e.id().toString()).build());
    }

    private void rotateKey(ServerRequest req, ServerResponse res) {
        AdminPrincipal who = auth.require(req);
        Event e = load(req);
        events.setStreamKey(e.id(), streamKeys.generate(), clock.instant());
        audit.record(who, "event.rotate_stream_key", e.id().toString(), null);
        LOG.log(Level.INFO, "[" + e.id() + "] stream key rotated");
        Responses.ok(res, EventJson.admin(events.find(e.id()).orElseThrow(), rtmpUrl));
    }

    private void end(ServerRequest req, ServerResponse res) {
        AdminPrincipal who = auth.require(req);
        Event e = load(req);
        boolean transcoderAcknowledged = transcoder.endJob(e.id().toString());
        events.markEnded(e.id(), clock.instant());
        audit.record(who, "event.end", e.id().toString(), "transcoder=" + (transcoderAcknowledged ? "ok" : "unreachable"));
        Responses.ok(res, Jsons.PROVIDER.createObjectBuilder(EventJson.admin(events.find(e.id()).orElseThrow(), rtmpUrl))
                .add("transcoderAcknowledged", transcoderAcknowledged).build());
    }

    private void archive(ServerRequest req, ServerResponse res, boolean archived) {
        AdminPrincipal who = auth.require(req);
        Event e = load(req);
        Instant now = clock.instant();
        if (e.archived() != archived) {
            DbTransaction tx = events.db().transaction();
            try {
                events.setArchived(tx, e.id(), archived, now);
                RevocationLog.append(tx, Kind.EVENT, e.id(), archived, now);
                tx.commit();
            } catch (RuntimeException ex) {
                tx.rollback();
                throw ex;
            }
            audit.record(who, archived ? "event.archive" : "event.unarchive", e.id().toString(), null);
            LOG.log(Level.INFO, "[" + e.id() + "] event " + (archived ? "archived" : "unarchived"));
        }
        Responses.ok(res, EventJson.admin(events.find(e.id()).orElseThrow(), rtmpUrl));
    }

    /**
     * Retention: deletes the event's HLS files (its recording) on the transcoder host, never while it is being
     * written. The event itself stays; delete it separately.
     */
    private void purgeFiles(ServerRequest req, ServerResponse res) {
        AdminPrincipal who = auth.require(req);
        Event e = load(req);
        if ("live".equals(e.streamStatus()) || "reconnecting".equals(e.streamStatus())
                || "processing".equals(e.vodState())) {
            throw new ApiException(409, "job_running", "the event is still being recorded or converted; end it first");
        }
        TranscoderClient.PurgeResult result = transcoder.purgeFiles(e.id().toString());
        switch (result.status()) {
            case 200 -> {
                JsonObject body = result.body().orElse(JsonValue.EMPTY_JSON_OBJECT);
                audit.record(who, "event.purge_files", e.id().toString(), "files=" + body.getInt("deletedFiles", 0));
                LOG.log(Level.INFO, "[" + e.id() + "] event files purged");
                Responses.ok(res, Jsons.PROVIDER.createObjectBuilder()
                        .add("purged", true)
                        .add("id", e.id().toString())
                        .add("deletedFiles", body.getInt("deletedFiles", 0))
                        .add("deletedBytes", body.getJsonNumber("deletedBytes") == null ? 0
                                : body.getJsonNumber("deletedBytes").longValue())
                        .build());
            }
            case 404 -> throw new ApiException(404, "no_files", "no files are stored for this event");
            case 409 -> throw new ApiException(409, "job_running", "the transcoder is still writing this event");
            default -> throw new ApiException(502, "transcoder_unavailable",
                    "no transcoder could purge the files (HTTP " + result.status() + ")");
        }
    }

    private Event load(ServerRequest req) {
        UUID id = Ids.parse(req.path().pathParameters().get("id"), "event");
        return events.find(id).orElseThrow(() -> ApiException.notFound("event"));
    }

    private static void requireOrder(Event e) {
        if (!e.endsAt().isAfter(e.startsAt())) {
            throw ApiException.invalid("endsAt must be after startsAt");
        }
    }

    private static String title(String s) {
        String t = s.strip();
        if (t.isEmpty() || t.length() > MAX_TITLE) {
            throw ApiException.invalid("title must be 1 to " + MAX_TITLE + " characters");
        }
        return t;
    }

    private static String description(String s) {
        if (s == null) {
            return "";
        }
        if (s.length() > MAX_DESCRIPTION) {
            throw ApiException.invalid("description must be at most " + MAX_DESCRIPTION + " characters");
        }
        return s.strip();
    }

    private static int accessWindow(Integer hours, int fallback) {
        if (hours == null) {
            return fallback;
        }
        if (hours < 1 || hours > Event.MAX_ACCESS_WINDOW_HOURS) {
            throw ApiException.invalid("accessWindowHours must be between 1 and " + Event.MAX_ACCESS_WINDOW_HOURS);
        }
        return hours;
    }

    private static String posterUrl(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String url = s.strip();
        try {
            URI uri = URI.create(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            boolean relative = uri.getScheme() == null && url.startsWith("/") && !url.startsWith("//");
            if (!relative && !(scheme.equals("http") || scheme.equals("https")) || url.length() > 2000) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("posterUrl must be an http(s) URL or a path");
        }
        return url;
    }

    private static StreamProfile profile(String s, StreamProfile fallback) {
        if (s == null || s.isBlank()) {
            return fallback;
        }
        try {
            return StreamProfile.fromWire(s.strip().toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("profile must be copy or abr");
        }
    }
}
