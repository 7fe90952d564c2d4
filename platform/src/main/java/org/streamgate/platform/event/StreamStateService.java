package org.streamgate.platform.event;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.streamgate.platform.http.Jsons;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.UUID;
import org.streamgate.common.internalapi.StreamStateReport;
import org.streamgate.platform.http.ApiException;
import org.streamgate.platform.http.InternalAuth;
import org.streamgate.platform.http.JsonBodies;
import org.streamgate.platform.http.Responses;

/**
 * {@code POST /internal/events/<id>/stream-state {state, at}} from the transcoder: drives the event status
 * (live, reconnecting, ended; failed ends the event and sets its failed flag). Out-of-order reports are ignored.
 */
public final class StreamStateService implements HttpService {

    private static final System.Logger LOG = System.getLogger(StreamStateService.class.getName());

    private final InternalAuth internalAuth;
    private final EventRepository events;
    private final Clock clock;

    public StreamStateService(InternalAuth internalAuth, EventRepository events, Clock clock) {
        this.internalAuth = internalAuth;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/{id}/stream-state", this::streamState);
    }

    private void streamState(ServerRequest req, ServerResponse res) {
        internalAuth.require(req);
        UUID id = Ids.parse(req.path().pathParameters().get("id"), "event");
        StreamStateReport report;
        try {
            report = StreamStateReport.fromJson(JsonBodies.object(req));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(e.getMessage());
        }
        Event event = events.find(id).orElseThrow(() -> ApiException.notFound("event"));
        String status = switch (report.state()) {
            case LIVE -> "live";
            case RECONNECTING -> "reconnecting";
            case ENDED, FAILED -> "ended";
        };
        boolean failed = report.state() == org.streamgate.common.internalapi.StreamState.FAILED;
        if ("processing".equals(event.vodState())) {
            // An uploaded file: "live" only means the transcoder is working on it; viewers see a VOD when it ends.
            if (report.state() == org.streamgate.common.internalapi.StreamState.LIVE
                    || report.state() == org.streamgate.common.internalapi.StreamState.RECONNECTING) {
                status = event.streamStatus();
            } else {
                events.finishVod(event.id(), failed ? "failed" : "ready", clock.instant());
            }
        }
        boolean applied = events.applyStreamState(event.id(), status, failed, report.at(), clock.instant());
        LOG.log(Level.INFO, "[" + event.id() + "] stream state " + report.state().wireName() + (applied ? "" : " (stale, ignored)"));
        Responses.ok(res, Jsons.PROVIDER.createObjectBuilder()
                .add("eventId", event.id().toString())
                .add("status", events.find(id).map(Event::status).orElse(status))
                .add("applied", applied)
                .build());
    }
}
