package org.streamgate.common.token;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The claims of a playback token (DESIGN §3.3). The subject is the access-code id, never the code itself.
 *
 * @param subject      access-code id ({@code sub})
 * @param eventId      event id ({@code eid})
 * @param sessionId    viewer session id ({@code sid})
 * @param streamPrefix path prefix the token opens ({@code sp}), always {@code /streams/<eventId>/}
 * @param issuedAt     {@code iat}, whole seconds
 * @param expiresAt    {@code exp}, whole seconds
 * @param audience     {@code aud}, always {@link #AUDIENCE} for tokens we issue
 */
public record PlaybackClaims(String subject,
                             String eventId,
                             String sessionId,
                             String streamPrefix,
                             Instant issuedAt,
                             Instant expiresAt,
                             String audience) {

    /** The only audience hls-delivery accepts. */
    public static final String AUDIENCE = "streamgate-hls";

    public PlaybackClaims {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(streamPrefix, "streamPrefix");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(audience, "audience");
    }

    /** Claims for a viewer session, valid for {@code ttl} from {@code now}. */
    public static PlaybackClaims forSession(String codeId, String eventId, String sessionId, Instant now, Duration ttl) {
        Instant iat = Instant.ofEpochSecond(now.getEpochSecond());
        return new PlaybackClaims(codeId, eventId, sessionId, streamPrefix(eventId), iat, iat.plus(ttl), AUDIENCE);
    }

    /** The one way to spell an event's stream prefix. */
    public static String streamPrefix(String eventId) {
        return "/streams/" + eventId + "/";
    }

    /**
     * Whether these claims open {@code normalisedPath}. The caller must have decoded and normalised the path
     * (no {@code ..}, no duplicate slashes); this only compares.
     */
    public boolean permits(String normalisedPath) {
        return streamPrefix.equals(streamPrefix(eventId)) && normalisedPath.startsWith(streamPrefix);
    }

    public long secondsLeft(Instant now) {
        return Math.max(0, expiresAt.getEpochSecond() - now.getEpochSecond());
    }
}
