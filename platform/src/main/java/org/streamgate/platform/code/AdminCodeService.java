package org.streamgate.platform.code;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.streamgate.platform.http.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.streamgate.platform.admin.AdminAuth;
import org.streamgate.platform.admin.AdminPrincipal;
import org.streamgate.platform.admin.AuditLog;
import org.streamgate.platform.admin.Paging;
import org.streamgate.platform.event.Event;
import org.streamgate.platform.event.EventRepository;
import org.streamgate.platform.event.Ids;
import org.streamgate.platform.http.ApiException;
import org.streamgate.platform.http.JsonBodies;
import org.streamgate.platform.http.Responses;

/** Admin access-code routes under {@code /api/admin} (DESIGN §3.7): generate, list, export, revoke, unrevoke. */
public final class AdminCodeService implements HttpService {

    private static final System.Logger LOG = System.getLogger(AdminCodeService.class.getName());
    public static final int MAX_COUNT = 10_000;
    static final int MAX_LABEL = 200;
    static final int MAX_BULK = 10_000;

    private final AdminAuth auth;
    private final AuditLog audit;
    private final EventRepository events;
    private final CodeRepository codes;
    private final Clock clock;

    public AdminCodeService(AdminAuth auth, AuditLog audit, EventRepository events, CodeRepository codes, Clock clock) {
        this.auth = auth;
        this.audit = audit;
        this.events = events;
        this.codes = codes;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/events/{id}/tokens", this::generate)
                .get("/events/{id}/tokens", this::list)
                .get("/events/{id}/tokens.csv", this::csv)
                .post("/tokens/revoke", this::bulkRevoke)
                .post("/tokens/{id}/revoke", (req, res) -> setRevoked(req, res, true))
                .post("/tokens/{id}/unrevoke", (req, res) -> setRevoked(req, res, false));
    }

    private void generate(ServerRequest req, ServerResponse res) {
        AdminPrincipal who = auth.require(req);
        Event event = loadEvent(req);
        JsonObject json = JsonBodies.object(req);
        Integer count = JsonBodies.optionalInt(json, "count");
        if (count == null || count < 1 || count > MAX_COUNT) {
            throw ApiException.invalid("count must be between 1 and " + MAX_COUNT);
        }
        String label = JsonBodies.optionalString(json, "label");
        if (label != null) {
            label = label.strip();
            if (label.length() > MAX_LABEL) {
                throw ApiException.invalid("label must be at most " + MAX_LABEL + " characters");
            }
            if (label.isEmpty()) {
                label = null;
            }
        }
        Instant expiresAt = JsonBodies.optionalInstant(json, "expiresAt");
        Instant now = clock.instant();
        long started = System.nanoTime();
        List<CodeRow> created = codes.generate(event.id(), count, label, expiresAt, now);
        LOG.log(Level.INFO, "[" + event.id() + "] generated " + created.size() + " codes in "
                + (System.nanoTime() - started) / 1_000_000 + " ms");
        audit.record(who, "codes.generate", event.id().toString(), "count=" + count + (label == null ? "" : ", label=" + label));
        JsonArrayBuilder tokens = Jsons.PROVIDER.createArrayBuilder();
        for (CodeRow c : created) {
            JsonObjectBuilder b = Jsons.PROVIDER.createObjectBuilder()
                    .add("id", c.id().toString())
                    .add("code", c.displayCode())
                    .add("expiresAt", c.expiresAt().toString());
            if (c.label() == null) {
                b.addNull("label");
            } else {
                b.add("label", c.label());
            }
            tokens.add(b);
        }
        Responses.json(res, 201, Jsons.PROVIDER.createObjectBuilder().add("tokens", tokens).build());
    }

    private void list(ServerRequest req, ServerResponse res) {
        auth.require(req);
        Event event = loadEvent(req);
        CodeStatus status = null;
        String statusText = req.query().first("status").orElse("");
        if (!statusText.isBlank() && !"all".equals(statusText)) {
            try {
                status = CodeStatus.fromWire(statusText.trim());
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("status must be one of revoked, expired, in_use, redeemed, unused");
            }
        }
        String search = req.query().first("search").orElse(null);
        if (search != null && search.length() > 100) {
            throw ApiException.invalid("search must be at most 100 characters");
        }
        CodeRepository.Page page = codes.list(event.id(), status, search, Paging.page(req), Paging.pageSize(req, 50, 1000),
                clock.instant());
        JsonArrayBuilder tokens = Jsons.PROVIDER.createArrayBuilder();
        page.codes().forEach(c -> tokens.add(json(c)));
        Responses.ok(res, Jsons.PROVIDER.createObjectBuilder()
                .add("tokens", tokens)
                .add("page", page.page())
                .add("pageSize", page.pageSize())
                .add("total", page.total())
                .build());
    }

    private void csv(ServerRequest req, ServerResponse res) {
        AdminPrincipal who = auth.require(req);
        Event event = loadEvent(req);
        audit.record(who, "codes.export", event.id().toString(), null);
        res.header(HeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8");
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"codes-" + event.id() + ".csv\"");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        try (OutputStream out = res.outputStream()) {
            out.write(Csv.row("Code", "Event", "Label", "Status", "Expires At", "Redeemed At").getBytes(StandardCharsets.UTF_8));
            codes.forEach(event.id(), clock.instant(), (c, title) -> {
                try {
                    out.write(Csv.row(c.displayCode(), title, c.label(), c.status().wireName(), c.expiresAt().toString(),
                            c.redeemedAt() == null ? "" : c.redeemedAt().toString()).getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void setRevoked(ServerRequest req, ServerResponse res, boolean revoked) {
        AdminPrincipal who = auth.require(req);
        UUID id = Ids.parse(req.path().pathParameters().get("id"), "token");
        Instant now = clock.instant();
        codes.find(id, now).orElseThrow(() -> ApiException.notFound("token"));
        List<UUID> changed = codes.setRevoked(List.of(id), revoked, now);
        if (!changed.isEmpty()) {
            audit.record(who, revoked ? "code.revoke" : "code.unrevoke", id.toString(), null);
        }
        Responses.ok(res, json(codes.find(id, now).orElseThrow()));
    }

    private void bulkRevoke(ServerRequest req, ServerResponse res) {
        AdminPrincipal who = auth.require(req);
        JsonArray ids = JsonBodies.optionalArray(JsonBodies.object(req), "ids");
        if (ids == null || ids.isEmpty() || ids.size() > MAX_BULK) {
            throw ApiException.invalid("ids must be an array of 1 to " + MAX_BULK + " token ids");
        }
        Set<UUID> parsed = new LinkedHashSet<>();
        for (JsonValue v : ids) {
            if (!(v instanceof JsonString s)) {
                throw ApiException.invalid("ids must contain strings");
            }
            try {
                parsed.add(UUID.fromString(s.getString()));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("ids must contain token ids");
            }
        }
        List<UUID> changed = codes.setRevoked(new ArrayList<>(parsed), true, clock.instant());
        audit.record(who, "code.revoke_bulk", null, "requested=" + parsed.size() + ", revoked=" + changed.size());
        JsonArrayBuilder changedJson = Jsons.PROVIDER.createArrayBuilder();
        changed.forEach(u -> changedJson.add(u.toString()));
        Responses.ok(res, Jsons.PROVIDER.createObjectBuilder().add("revoked", changed.size()).add("ids", changedJson).build());
    }

    private Event loadEvent(ServerRequest req) {
        UUID id = Ids.parse(req.path().pathParameters().get("id"), "event");
        return events.find(id).orElseThrow(() -> ApiException.notFound("event"));
    }

    static JsonObject json(CodeRow c) {
        JsonObjectBuilder b = Jsons.PROVIDER.createObjectBuilder()
                .add("id", c.id().toString())
                .add("eventId", c.eventId().toString())
                .add("code", c.displayCode())
                .add("status", c.status().wireName())
                .add("expiresAt", c.expiresAt().toString())
                .add("explicitExpiry", c.explicitExpiry());
        nullable(b, "label", c.label());
        nullable(b, "redeemedAt", c.redeemedAt() == null ? null : c.redeemedAt().toString());
        nullable(b, "revokedAt", c.revokedAt() == null ? null : c.revokedAt().toString());
        b.add("createdAt", c.createdAt().toString());
        return b.build();
    }

    private static void nullable(JsonObjectBuilder b, String name, String value) {
        if (value == null) {
            b.addNull(name);
        } else {
            b.add(name, value);
        }
    }
}
