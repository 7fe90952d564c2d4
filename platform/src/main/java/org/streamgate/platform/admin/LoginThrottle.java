package org.streamgate.platform.admin;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.streamgate.platform.db.Rows;
import org.streamgate.platform.http.ApiException;

/**
 * Lockout after repeated failed admin logins from one address: after {@code maxFailures} failures the address is
 * locked for {@code lockout}, doubling with every further failure (capped at a day). Kept in PostgreSQL so all
 * platform instances agree.
 */
public final class LoginThrottle {

    private static final Duration MAX_LOCKOUT = Duration.ofDays(1);

    private final DbClient db;
    private final int maxFailures;
    private final Duration lockout;

    public LoginThrottle(DbClient db, int maxFailures, Duration lockout) {
        this.db = db;
        this.maxFailures = maxFailures;
        this.lockout = lockout;
    }

    /** @throws ApiException 429 {@code locked_out} with {@code Retry-After} while locked */
    public void check(String address, Instant now) {
        Optional<DbRow> row = db.execute().get("SELECT locked_until FROM login_failures WHERE client_addr = ?", address);
        Instant until = row.map(r -> Rows.instant(r, "locked_until")).orElse(null);
        if (until != null && until.isAfter(now)) {
            throw new ApiException(429, "locked_out", "too many failed logins; try again later",
                    Duration.between(now, until).toSeconds() + 1);
        }
    }

    public void failure(String address, Instant now) {
        Instant forgetBefore = now.minus(lockout.multipliedBy(4));
        long failures;
        try (var rows = db.execute().query("INSERT INTO login_failures AS f (client_addr, failures, last_failure) VALUES (?, 1, ?) "
                        + "ON CONFLICT (client_addr) DO UPDATE SET "
                        + "failures = CASE WHEN f.last_failure < ? THEN 1 ELSE f.failures + 1 END, last_failure = EXCLUDED.last_failure "
                        + "RETURNING failures", address, Rows.ts(now), Rows.ts(forgetBefore))) {
            failures = Rows.longValue(rows.findFirst().orElseThrow(), "failures");
        }
        if (failures >= maxFailures) {
            long doublings = Math.min(16, failures - maxFailures);
            Duration d = lockout.multipliedBy(1L << doublings);
            if (d.compareTo(MAX_LOCKOUT) > 0) {
                d = MAX_LOCKOUT;
            }
            db.execute().update("UPDATE login_failures SET locked_until = ? WHERE client_addr = ?", Rows.ts(now.plus(d)), address);
        }
    }

    public void success(String address) {
        db.execute().delete("DELETE FROM login_failures WHERE client_addr = ?", address);
    }
}
