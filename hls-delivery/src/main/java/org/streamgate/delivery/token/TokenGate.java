package org.streamgate.delivery.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.streamgate.common.token.InvalidTokenException;
import org.streamgate.common.token.PlaybackClaims;
import org.streamgate.common.token.PlaybackTokenVerifier;
import org.streamgate.delivery.http.ApiException;
import org.streamgate.delivery.path.StreamPath;

/**
 * Decides whether a request's token opens a stream path (DESIGN §3.4): 401 without a token; 403 for a token that
 * does not verify, has expired, names another event or prefix, or has been revoked; 503 while a fail-closed node
 * has not synced revocations yet. Verified tokens are cached, so the hot path does the crypto once per token.
 *
 * <p>Concurrency: thread-safe; the cache and the counters are concurrent.
 */
public final class TokenGate {

    /** Why a request was refused, for the {@code reason} metric label. */
    public enum Rejection {
        MISSING, MALFORMED, UNSUPPORTED_ALGORITHM, UNKNOWN_KEY, BAD_SIGNATURE, EXPIRED, WRONG_AUDIENCE,
        WRONG_STREAM, REVOKED, REVOCATION_UNAVAILABLE
    }

    private final PlaybackTokenVerifier verifier;
    private final Duration leeway;
    private final TokenCache cache;
    private final Revocations revocations;
    private final Clock clock;
    private final Map<Rejection, LongAdder> rejections = new EnumMap<>(Rejection.class);
    private final LongAdder cacheHits = new LongAdder();
    private final LongAdder cacheMisses = new LongAdder();

    public TokenGate(PlaybackTokenVerifier verifier, Duration leeway, TokenCache cache, Revocations revocations, Clock clock) {
        this.verifier = verifier;
        this.leeway = leeway;
        this.cache = cache;
        this.revocations = revocations;
        this.clock = clock;
        for (Rejection r : Rejection.values()) {
            rejections.put(r, new LongAdder());
        }
    }

    /** @return the claims of a token that opens {@code path}; otherwise throws the response to send */
    public PlaybackClaims admit(Optional<PresentedToken> presented, StreamPath path) {
        if (presented.isEmpty()) {
            throw reject(Rejection.MISSING, 401, "missing_token", "a playback token is required");
        }
        Instant now = clock.instant();
        PlaybackClaims claims = verified(presented.get().value(), now);
        if (!claims.eventId().equals(path.eventId()) || !claims.permits(path.normalised())) {
            throw reject(Rejection.WRONG_STREAM, 403, "wrong_stream", "token does not open this stream");
        }
        if (!revocations.ready()) {
            throw reject(Rejection.REVOCATION_UNAVAILABLE, 503, "revocation_unavailable",
                    "revocation state not yet synchronised");
        }
        if (revocations.isRevoked(claims)) {
            throw reject(Rejection.REVOKED, 403, "revoked", "access has been revoked");
        }
        return claims;
    }

    private PlaybackClaims verified(String token, Instant now) {
        PlaybackClaims cached = cache.get(token, now);
        if (cached != null) {
            cacheHits.increment();
            return cached;
        }
        cacheMisses.increment();
        try {
            PlaybackClaims claims = verifier.verify(token, now);
            cache.put(token, claims, claims.expiresAt().plus(leeway), now);
            return claims;
        } catch (InvalidTokenException e) {
            Rejection rejection = Rejection.valueOf(e.reason().name());
            if (rejection == Rejection.EXPIRED) {
                throw reject(rejection, 403, "token_expired", "token expired");
            }
            throw reject(rejection, 403, "invalid_token", "token is not valid");
        }
    }

    private ApiException reject(Rejection rejection, int status, String code, String message) {
        rejections.get(rejection).increment();
        return new ApiException(status, code, message);
    }

    public long rejections(Rejection rejection) {
        return rejections.get(rejection).sum();
    }

    public long cacheHits() {
        return cacheHits.sum();
    }

    public long cacheMisses() {
        return cacheMisses.sum();
    }

    public TokenCache cache() {
        return cache;
    }
}
