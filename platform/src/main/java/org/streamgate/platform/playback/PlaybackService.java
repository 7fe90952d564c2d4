package org.streamgate.platform.playback;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.streamgate.platform.http.Jsons;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.streamgate.common.token.PlaybackClaims;
import org.streamgate.platform.PlatformMetrics;
import org.streamgate.platform.code.AccessCodeFormat;
import org.streamgate.platform.code.CodeRepository;
import org.streamgate.platform.event.Event;
import org.streamgate.platform.event.EventJson;
import org.streamgate.platform.event.EventRepository;
import org.streamgate.platform.http.ApiException;
import org.streamgate.platform.http.ClientAddress;
import org.streamgate.platform.http.JsonBodies;
import org.streamgate.platform.http.RateLimiter;
import org.streamgate.platform.http.Responses;
import org.streamgate.platform.session.SessionRepository;
import org.streamgate.platform.session.SessionView;

/** The viewer API (DESIGN §3.2): validate a code, then refresh, heartbeat, release and poll status with the token. */
public final class PlaybackService implements HttpService {

    private static final Duration RATE_WINDOW = Duration.ofMinutes(1);

    private final CodeLookup lookup;
    private final EventRepository events;
    private final SessionRepository sessions;
    private final PlaybackTokens tokens;
    private final RateLimiter rateLimiter;
    private final ClientAddress clientAddress;
    private final PlatformMetrics metrics;
    private final String playbackBaseUrl;
    private final int validatePerMinute;
    private final Clock clock;

    public PlaybackService(CodeRepository codes, EventRepository events, SessionRepository sessions, PlaybackTokens tokens,
                           RateLimiter rateLimiter, ClientAddress clientAddress, PlatformMetrics metrics,
                           String playbackBaseUrl, int validatePerMinute, Clock clock) {
        this.lookup = new CodeLookup(codes.db());
        this.events = events;
        this.sessions = sessions;
        this.tokens = tokens;
        this.rateLimiter = rateLimiter;
        this.clientAddress = clientAddress;
        this.metrics = metrics;
        this.playbackBaseUrl = playbackBaseUrl;
        this.validatePerMinute = validatePerMinute;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/api/tokens/validate", this::validate)
                .post("/api/playback/refresh", this::refresh)
                .post("/api/playback/heartbeat", this::heartbeat)
                .post("/api/playback/release", this::release)
                .get("/api/events/{id}/status", this::status);
    }

    private void validate(ServerRequest req, ServerResponse res) {
        try {
            JsonObject body = doValidate(req);
            metrics.validation("ok");
            Responses.ok(res, body);
        } catch (ApiException e) {
            metrics.validation(e.code());
            throw e;
        }
    }

    private JsonObject doValidate(ServerRequest req) {
        Instant now = clock.instant();
        String addr = clientAddress.of(req);
        String bucket = "validate:" + addr;
        String normalised;
        String deviceId;
        try {
            JsonObject json = JsonBodies.object(req);
            String input;
            try {
                input = JsonBodies.requiredString(json, "code");
                deviceId = JsonBodies.optionalString(json, "deviceId");
            } catch (ApiException e) {
                throw ApiException.malformed(e.getMessage());
            }
            if (deviceId != null && (deviceId.isBlank() || deviceId.length() > 200)) {
                throw ApiException.malformed("field deviceId must be 1 to 200 characters");
            }
            normalised = AccessCodeFormat.normalise(input)
                    .orElseThrow(() -> new ApiException(401, "invalid_code", "this access code is not valid"));
        } catch (ApiException e) {
            // Every attempt counts, and a limited client gets 429 whatever it sent: count this one on its own.
            rateLimiter.hit(bucket, validatePerMinute, RATE_WINDOW, now);
            throw e;
        }
        // The usual case: the hit and the lookup are one statement (one round trip).
        CodeLookup.Found code = lookup.find(normalised, bucket, validatePerMinute, RATE_WINDOW, now)
                .orElseThrow(() -> new ApiException(401, "invalid_code", "this access code is not valid"));
        if (code.revokedAt() != null) {
            throw new ApiException(403, "revoked", "this access code has been revoked");
        }
        Event event = code.event();
        if (event.archived()) {
            throw new ApiException(403, "event_unavailable", "this event is no longer available");
        }
        if (!code.expiresAt().isAfter(now)) {
            throw new ApiException(410, "expired", "this access code has expired")
                    .with("expiredAt", code.expiresAt().toString());
        }
        SessionRepository.Claim claim = sessions.claim(code.codeId(), event.id(), deviceId, addr,
                req.headers().first(HeaderNames.USER_AGENT).orElse(null), now);
        PlaybackTokens.Issued issued = tokens.issue(code.codeId(), event.id(), claim.sessionId(), code.expiresAt(), now);
        return Jsons.PROVIDER.createObjectBuilder()
                .add("event", EventJson.viewer(event))
                .add("playbackToken", issued.token())
                .add("playbackBaseUrl", playbackBaseUrl)
                .add("streamPath", PlaybackClaims.streamPrefix(event.id().toString()) + "master.m3u8")
                .add("expiresAt", code.expiresAt().toString())
                .add("tokenExpiresIn", issued.expiresIn())
                .add("sessionId", claim.sessionId().toString())
                .build();
    }

    private void refresh(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        PlaybackClaims claims = tokens.verify(bearer(req), now);
        SessionView s = session(claims);
        requireNotRevoked(s);
        if (s.endedAt() != null) {
            throw new ApiException(403, "session_ended", "this viewing session has ended; enter the code again");
        }
        if (!s.codeExpiresAt().isAfter(now)) {
            throw new ApiException(410, "expired", "this access code has expired")
                    .with("expiredAt", s.codeExpiresAt().toString());
        }
        sessions.heartbeat(s.id(), now);
        PlaybackTokens.Issued issued = tokens.issue(s.codeId(), s.eventId(), s.id(), s.codeExpiresAt(), now);
        Responses.ok(res, Jsons.PROVIDER.createObjectBuilder()
                .add("playbackToken", issued.token())
                .add("tokenExpiresIn", issued.expiresIn())
                .build());
    }

    private void heartbeat(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        PlaybackClaims claims = tokens.verify(bearer(req), now);
        SessionView s = session(claims);
        requireNotRevoked(s);
        if (s.endedAt() != null || !sessions.heartbeat(s.id(), now)) {
            throw new ApiException(404, "session_not_found", "this viewing session has ended");
        }
        Responses.ok(res, Jsons.PROVIDER.createObjectBuilder().add("ok", true).build());
    }

    private void release(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        String token = bearerOrNull(req);
        if (token == null) {
            token = req.query().first("token").orElse(null);
        }
        PlaybackClaims claims = tokens.verifyForRelease(token, now);
        sessions.find(UUID.fromString(claims.sessionId()))
                .filter(s -> s.codeId().toString().equals(claims.subject()) && s.endedAt() == null)
                .ifPresent(s -> sessions.end(s.id(), "released", now));
        Responses.ok(res, Jsons.PROVIDER.createObjectBuilder().add("released", true).build());
    }

    private void status(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        PlaybackClaims claims = tokens.verify(bearer(req), now);
        String id = req.path().pathParameters().get("id");
        if (!claims.eventId().equals(id)) {
            throw ApiException.forbidden("this playback token is for another event");
        }
        SessionView s = session(claims);
        requireNotRevoked(s);
        Event event = events.find(s.eventId()).orElseThrow(() -> ApiException.notFound("event"));
        Responses.ok(res, Jsons.PROVIDER.createObjectBuilder()
                .add("eventId", event.id().toString())
                .add("status", event.status())
                .add("startsAt", event.startsAt().toString())
                .add("endsAt", event.endsAt().toString())
                .build());
    }

    private SessionView session(PlaybackClaims claims) {
        SessionView s = sessions.find(UUID.fromString(claims.sessionId()))
                .orElseThrow(() -> new ApiException(404, "session_not_found", "this viewing session has ended"));
        if (!s.codeId().toString().equals(claims.subject()) || !s.eventId().toString().equals(claims.eventId())) {
            throw new ApiException(401, "invalid_token", "the playback token is not valid");
        }
        return s;
    }

    private static void requireNotRevoked(SessionView s) {
        if (s.codeRevokedAt() != null) {
            throw new ApiException(403, "revoked", "this access code has been revoked");
        }
        if (s.eventArchived()) {
            throw new ApiException(403, "event_unavailable", "this event is no longer available");
        }
        if (s.revokedAt() != null && "kicked".equals(s.endReason())) {
            throw new ApiException(403, "revoked", "this viewing session was ended by the organiser");
        }
    }

    private static String bearer(ServerRequest req) {
        String token = bearerOrNull(req);
        if (token == null) {
            throw new ApiException(401, "unauthorized", "a playback token is required");
        }
        return token;
    }

    static String bearerOrNull(ServerRequest req) {
        return req.headers().first(HeaderNames.AUTHORIZATION)
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7).trim())
                .filter(t -> !t.isEmpty())
                .orElse(null);
    }
}
