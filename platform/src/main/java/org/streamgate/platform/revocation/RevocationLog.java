package org.streamgate.platform.revocation;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.streamgate.common.internalapi.RevocationChange;
import org.streamgate.common.internalapi.RevocationChange.Kind;
import org.streamgate.platform.db.Rows;

/**
 * The revocation feed's storage (DESIGN §3.5).
 *
 * <p>Concurrency: a cursor is the id of the last change a reader has seen. A {@code bigserial} alone would not do:
 * ids are handed out at insert time but become visible at commit, so a reader could see id 8 before id 7 commits
 * and then skip 7 forever. Every writer therefore takes the transaction-level advisory lock {@link #LOCK_KEY}
 * immediately before inserting; it is held until commit, and PostgreSQL makes a commit visible before releasing the
 * transaction's locks. So ids become visible strictly in order and {@code id > cursor} never misses a change.
 * Callers append as the last step of their transaction to keep the lock short. {@code NOTIFY} is sent in the same
 * transaction, so listeners hear about a change only once it is committed.
 */
public final class RevocationLog {

    /** Arbitrary constant that names the feed's advisory lock. */
    static final long LOCK_KEY = 73_120_501L;
    public static final String CHANNEL = "streamgate_revocations";
    public static final int MAX_PAGE = 1000;

    private final DbClient db;

    public RevocationLog(DbClient db) {
        this.db = db;
    }

    /** Appends a change inside the caller's transaction {@code tx}. */
    public static void append(DbExecute tx, Kind kind, UUID targetId, boolean revoked, Instant at) {
        tx.get("SELECT pg_advisory_xact_lock(?) IS NULL AS locked", LOCK_KEY);
        tx.insert("INSERT INTO revocation_changes (kind, target_id, revoked, at) VALUES (?, ?, ?, ?)",
                kind.wireName(), targetId, revoked, Rows.ts(at));
        tx.dml("NOTIFY " + CHANNEL);
    }

    /** The id of the newest committed change, 0 when there is none. */
    public long head() {
        return db.execute().get("SELECT COALESCE(max(id), 0) AS head FROM revocation_changes")
                .map(r -> Rows.longValue(r, "head")).orElse(0L);
    }

    /** One page of changes after {@code since}, oldest first, with the cursor to continue from. */
    public Page since(long since, int limit) {
        List<Entry> changes = new ArrayList<>();
        long cursor = since;
        try (Stream<DbRow> rows = db.execute().query(
                "SELECT id, kind, target_id, revoked, at FROM revocation_changes WHERE id > ? ORDER BY id LIMIT ?",
                since, Math.min(limit, MAX_PAGE))) {
            for (DbRow row : (Iterable<DbRow>) rows::iterator) {
                cursor = Rows.longValue(row, "id");
                changes.add(new Entry(cursor, new RevocationChange(Kind.fromWire(Rows.string(row, "kind")),
                        Rows.uuid(row, "target_id").toString(), Rows.bool(row, "revoked"), Rows.instant(row, "at"))));
            }
        }
        return new Page(cursor, changes);
    }

    /** Changes plus the cursor after the last one (or the request's cursor when there were none). */
    public record Page(long cursor, List<Entry> changes) {
    }

    /** A change and its position in the feed. */
    public record Entry(long id, RevocationChange change) {
    }
}
