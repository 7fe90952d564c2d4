package org.streamgate.platform.playback;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.streamgate.common.token.InvalidTokenException;
import org.streamgate.common.token.PlaybackClaims;
import org.streamgate.common.token.PlaybackTokenSigner;
import org.streamgate.common.token.PlaybackTokenVerifier;
import org.streamgate.common.token.SigningKeys;
import org.streamgate.platform.http.ApiException;

/** Issues and checks playback JWTs (DESIGN §3.3) with the shared signer and verifier. */
public final class PlaybackTokens {

    /** Release (sendBeacon on page close) accepts tokens that expired this long ago. */
    static final Duration RELEASE_LEEWAY = Duration.ofHours(24);

    private final PlaybackTokenSigner signer;
    private final PlaybackTokenVerifier verifier;
    private final PlaybackTokenVerifier lenientVerifier;
    private final Duration ttl;

    public PlaybackTokens(SigningKeys keys, Duration ttl) {
        this.signer = new PlaybackTokenSigner(keys);
        this.verifier = new PlaybackTokenVerifier(keys, Duration.ofSeconds(5));
        this.lenientVerifier = new PlaybackTokenVerifier(keys, RELEASE_LEEWAY);
        this.ttl = ttl;
    }

    /** A token for the session, never outliving the code's expiry. */
    public Issued issue(UUID codeId, UUID eventId, UUID sessionId, Instant codeExpiresAt, Instant now) {
        Duration lifetime = ttl;
        Duration untilCodeExpiry = Duration.between(now, codeExpiresAt);
        if (untilCodeExpiry.compareTo(lifetime) < 0) {
            lifetime = untilCodeExpiry.isNegative() || untilCodeExpiry.isZero() ? Duration.ofSeconds(1) : untilCodeExpiry;
        }
        PlaybackClaims claims = PlaybackClaims.forSession(codeId.toString(), eventId.toString(), sessionId.toString(),
                now, lifetime);
        return new Issued(signer.sign(claims), claims.secondsLeft(now));
    }

    /** @throws ApiException 401 for any bad, expired or foreign token */
    public PlaybackClaims verify(String token, Instant now) {
        return verify(verifier, token, now);
    }

    /** Like {@link #verify} but accepts recently expired tokens. */
    public PlaybackClaims verifyForRelease(String token, Instant now) {
        return verify(lenientVerifier, token, now);
    }

    private static PlaybackClaims verify(PlaybackTokenVerifier v, String token, Instant now) {
        if (token == null || token.isBlank()) {
            throw new ApiException(401, "unauthorized", "a playback token is required");
        }
        try {
            PlaybackClaims claims = v.verify(token, now);
            UUID.fromString(claims.subject());
            UUID.fromString(claims.eventId());
            UUID.fromString(claims.sessionId());
            return claims;
        } catch (InvalidTokenException e) {
            throw new ApiException(401, e.reason() == InvalidTokenException.Reason.EXPIRED ? "token_expired" : "invalid_token",
                    "the playback token is not valid");
        } catch (IllegalArgumentException e) {
            throw new ApiException(401, "invalid_token", "the playback token is not valid");
        }
    }

    public record Issued(String token, long expiresIn) {
    }
}
