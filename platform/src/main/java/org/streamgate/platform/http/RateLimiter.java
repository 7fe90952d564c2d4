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
 */
public final class RateLimiter {

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
        Instant staleBefore = now.minus(window);
        try (Stream<DbRow> rows = db.execute().query(
                // Counters need not survive a crash: skip waiting for the WAL flush (one statement, one round trip).
                "WITH relaxed AS (SELECT set_config('synchronous_commit', 'off', true)) "
                        + "INSERT INTO rate_limits AS r (bucket, window_start, hits) SELECT ?, ?, 1 FROM relaxed "
                        + "ON CONFLICT (bucket) DO UPDATE SET "
                        + "hits = CASE WHEN r.window_start <= ? THEN 1 ELSE r.hits + 1 END, "
                        + "window_start = CASE WHEN r.window_start <= ? THEN EXCLUDED.window_start ELSE r.window_start END "
                        + "RETURNING hits, window_start",
                bucket, Rows.ts(now), Rows.ts(staleBefore), Rows.ts(staleBefore))) {
            DbRow row = rows.findFirst().orElseThrow();
            long hits = Rows.longValue(row, "hits");
            if (hits > limit) {
                Instant resetAt = Rows.instant(row, "window_start").plus(window);
                long retryAfter = Math.max(1, Duration.between(now, resetAt).toSeconds() + 1);
                throw new ApiException(429, "rate_limited", "too many attempts; try again later", retryAfter);
            }
        }
    }

    /** Drops windows that ended long ago; called by a housekeeping task. */
    public long purge(Instant olderThan) {
        return db.execute().delete("DELETE FROM rate_limits WHERE window_start < ?", Rows.ts(olderThan));
    }
}
