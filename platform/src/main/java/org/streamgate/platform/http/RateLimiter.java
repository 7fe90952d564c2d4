package org.streamgate.platform.http;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.streamgate.platform.db.Rows;

/**
 * Fixed-window rate limits kept in PostgreSQL, so that several platform instances share them (DESIGN §5).
 *
 * <p>Concurrency: one {@code INSERT ... ON CONFLICT DO UPDATE} per hit; PostgreSQL serialises hits on a bucket.
 * A hit is either its own statement ({@link #hit}) or the {@link #HIT_CTE} part of a statement that also reads what
 * the request needs (the code validation does this: one round trip instead of two).
 */
public final class RateLimiter {

    /**
     * Counts a hit as two common table expressions; {@code hit} yields one row ({@code hits}, {@code window_start})
     * for {@link #check}. Parameters, first in the statement: {@link #hitParameters}. The counter need not survive a
     * crash, so the transaction skips waiting for the WAL flush; a statement using this CTE must therefore write
     * nothing else (reading is fine).
     */
    public static final String HIT_CTE = "relaxed AS (SELECT set_config('synchronous_commit', 'off', true)), "
            + "hit AS (INSERT INTO rate_limits AS r (bucket, window_start, hits) SELECT ?, ?, 1 FROM relaxed "
            + "ON CONFLICT (bucket) DO UPDATE SET "
            + "hits = CASE WHEN r.window_start <= ? THEN 1 ELSE r.hits + 1 END, "
            + "window_start = CASE WHEN r.window_start <= ? THEN EXCLUDED.window_start ELSE r.window_start END "
            + "RETURNING hits, window_start)";

    private final DbClient db;

    public RateLimiter(DbClient db) {
        this.db = db;
    }

    /**
     * Counts a hit on {@code bucket}.
     *
     * @throws ApiException 429 {@code rate_limited} with {@code Retry-After} once {@code limit} hits fall in one window
     */
    public void hit(String bucket, int limit, Duration window, Instant now) {
        try (Stream<DbRow> rows = db.execute().query("WITH " + HIT_CTE + " SELECT hits, window_start FROM hit",
                hitParameters(bucket, window, now))) {
            DbRow row = rows.findFirst().orElseThrow();
            check(Rows.longValue(row, "hits"), Rows.instant(row, "window_start"), limit, window, now);
        }
    }

    /** The parameters of {@link #HIT_CTE}, in order. */
    public static Object[] hitParameters(String bucket, Duration window, Instant now) {
        Instant staleBefore = now.minus(window);
        return new Object[] {bucket, Rows.ts(now), Rows.ts(staleBefore), Rows.ts(staleBefore)};
    }

    /**
     * @param hits        the bucket's count after this hit
     * @param windowStart the start of the bucket's current window
     * @throws ApiException 429 {@code rate_limited} with {@code Retry-After} once the count exceeds {@code limit}
     */
    public static void check(long hits, Instant windowStart, int limit, Duration window, Instant now) {
        if (hits > limit) {
            Instant resetAt = windowStart.plus(window);
            long retryAfter = Math.max(1, Duration.between(now, resetAt).toSeconds() + 1);
            throw new ApiException(429, "rate_limited", "too many attempts; try again later", retryAfter);
        }
    }

    /** Drops windows that ended long ago; called by a housekeeping task. */
    public long purge(Instant olderThan) {
        return db.execute().delete("DELETE FROM rate_limits WHERE window_start < ?", Rows.ts(olderThan));
    }
}
