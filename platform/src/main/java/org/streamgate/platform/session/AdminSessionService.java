package org.streamgate.platform.session;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.streamgate.platform.http.Jsons;
import jakarta.json.JsonArrayBuilder;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.streamgate.platform.admin.AdminAuth;
import org.streamgate.platform.admin.AdminPrincipal;
import org.streamgate.platform.admin.AuditLog;
import org.streamgate.platform.code.AccessCodeFormat;
import org.streamgate.platform.event.EventRepository;
import org.streamgate.platform.event.Ids;
import org.streamgate.platform.http.ApiException;
import org.streamgate.platform.http.Responses;

/** {@code GET /api/admin/events/<id>/sessions} and {@code DELETE /api/admin/sessions/<id>} (kick a viewer). */
public final class AdminSessionService implements HttpService {

    private final AdminAuth auth;
    private final AuditLog audit;
    private final EventRepository events;
    private final SessionRepository sessions;
    private final Clock clock;

    public AdminSessionService(AdminAuth auth, AuditLog audit, EventRepository events, SessionRepository sessions, Clock clock) {
        this.auth = auth;
        this.audit = audit;
        this.events = events;
        this.sessions = sessions;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/events/{id}/sessions", this::list)
                .delete("/sessions/{id}", this::kick);
    }

    private void list(ServerRequest req, ServerResponse res) {
        auth.require(req);
        UUID eventId = Ids.parse(req.path().pathParameters().get("id"), "event");
        events.find(eventId).orElseThrow(() -> ApiException.notFound("event"));
        Instant staleBefore = clock.instant().minus(sessions.timeout());
        JsonArrayBuilder list = Jsons.PROVIDER.createArrayBuilder();
        for (SessionView s : sessions.listActive(eventId)) {
            var b = Jsons.PROVIDER.createObjectBuilder()
                    .add("id", s.id().toString())
                    .add("tokenId", s.codeId().toString())
                    .add("code", AccessCodeFormat.display(s.code()))
                    .add("label", s.codeLabel() == null ? "" : s.codeLabel())
                    .add("startedAt", s.startedAt().toString())
                    .add("lastHeartbeatAt", s.lastHeartbeatAt().toString())
                    .add("stale", !s.lastHeartbeatAt().isAfter(staleBefore));
            if (s.deviceId() == null) {
                b.addNull("deviceId");
            } else {
                b.add("deviceId", s.deviceId());
            }
            if (s.clientAddr() == null) {
                b.addNull("clientAddress");
            } else {
                b.add("clientAddress", s.clientAddr());
            }
            list.add(b);
        }
        Responses.ok(res, Jsons.PROVIDER.createObjectBuilder().add("sessions", list).build());
    }

    private void kick(ServerRequest req, ServerResponse res) {
        AdminPrincipal who = auth.require(req);
        UUID id = Ids.parse(req.path().pathParameters().get("id"), "session");
        sessions.find(id).orElseThrow(() -> ApiException.notFound("session"));
        boolean ended = sessions.end(id, "kicked", clock.instant());
        audit.record(who, "session.kick", id.toString(), ended ? null : "already ended");
        Responses.ok(res, Jsons.PROVIDER.createObjectBuilder().add("kicked", true).add("id", id.toString()).build());
    }
}
