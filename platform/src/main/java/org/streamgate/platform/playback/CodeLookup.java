package org.streamgate.platform.playback;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.streamgate.platform.db.Rows;
import org.streamgate.platform.event.Event;
import org.streamgate.platform.event.EventRepository;
import org.streamgate.platform.http.RateLimiter;

/**
 * The first statement of a validation: it counts the client's hit on its rate limit and reads the code (by its
 * normalised form) with its event, in one round trip. The hit commits without waiting for the WAL flush (see
 * {@link RateLimiter#HIT_CTE}); that is safe because this statement writes nothing but the counter.
 */
final class CodeLookup {

    /** What a validation needs to know about a code. */
    record Found(UUID codeId, Instant revokedAt, Instant expiresAt, Event event) {
    }

    private static final String SQL = "WITH " + RateLimiter.HIT_CTE + " SELECT hit.hits, hit.window_start, "
            + "c.id AS code_id, c.revoked_at AS code_revoked_at, "
            + "COALESCE(c.expires_at, e.ends_at + make_interval(hours => e.access_window_hours)) AS code_expires_at, "
            + EventRepository.columns("e")
            + " FROM hit LEFT JOIN (access_codes c JOIN events e ON e.id = c.event_id) ON c.code = ?";

    private final DbClient db;

    CodeLookup(DbClient db) {
        this.db = db;
    }

    /**
     * Counts a hit on {@code bucket}, then finds the code.
     *
     * @throws org.streamgate.platform.http.ApiException 429 {@code rate_limited} when the hit exceeds {@code limit}
     *                                                   (whether or not the code exists)
     */
    Optional<Found> find(String normalisedCode, String bucket, int limit, Duration window, Instant now) {
        Object[] hit = RateLimiter.hitParameters(bucket, window, now);
        Object[] params = new Object[hit.length + 1];
        System.arraycopy(hit, 0, params, 0, hit.length);
        params[hit.length] = normalisedCode;
        try (Stream<DbRow> rows = db.execute().query(SQL, params)) {
            DbRow r = rows.findFirst().orElseThrow();
            RateLimiter.check(Rows.longValue(r, "hits"), Rows.instant(r, "window_start"), limit, window, now);
            if (Rows.raw(r, "code_id") == null) {
                return Optional.empty();
            }
            return Optional.of(new Found(Rows.uuid(r, "code_id"), Rows.instant(r, "code_revoked_at"),
                    Rows.instant(r, "code_expires_at"), EventRepository.map(r)));
        }
    }
}
