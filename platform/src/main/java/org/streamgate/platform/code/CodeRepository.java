package org.streamgate.platform.code;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.streamgate.common.internalapi.RevocationChange.Kind;
import org.streamgate.platform.db.Rows;
import org.streamgate.platform.revocation.RevocationLog;

/** SQL for access codes. The effective expiry and the status are derived in SQL so that filters can use them. */
public final class CodeRepository {

    /** Effective expiry: explicit, else the event's end plus its access window (follows later event edits). */
    static final String EXPIRY = "COALESCE(c.expires_at, e.ends_at + make_interval(hours => e.access_window_hours))";

    /** DESIGN §3.1 precedence: revoked > expired > in use > redeemed > unused. Params: now, now - timeout. */
    static final String STATUS = "CASE WHEN c.revoked_at IS NOT NULL THEN 'revoked' "
            + "WHEN " + EXPIRY + " <= ? THEN 'expired' "
            + "WHEN EXISTS (SELECT 1 FROM viewer_sessions s WHERE s.code_id = c.id AND s.ended_at IS NULL "
            + "AND s.last_heartbeat_at > ?) THEN 'in_use' "
            + "WHEN c.redeemed_at IS NOT NULL THEN 'redeemed' ELSE 'unused' END";

    static final String SELECT = "SELECT c.id, c.event_id, c.code, c.label, " + EXPIRY + " AS effective_expiry, "
            + "c.expires_at IS NOT NULL AS explicit_expiry, c.revoked_at, c.redeemed_at, c.created_at, "
            + STATUS + " AS status, e.title AS event_title "
            + "FROM access_codes c JOIN events e ON e.id = c.event_id ";

    private final DbClient db;
    private final AccessCodeFormat format;
    private final Duration sessionTimeout;

    public CodeRepository(DbClient db, AccessCodeFormat format, Duration sessionTimeout) {
        this.db = db;
        this.format = format;
        this.sessionTimeout = sessionTimeout;
    }

    public DbClient db() {
        return db;
    }

    /**
     * Generates {@code count} new codes for an event in one transaction. Uniqueness is the database's: a collision
     * (astronomically rare at 60 bits, but possible under concurrent generation) is skipped and regenerated.
     */
    public List<CodeRow> generate(UUID eventId, int count, String label, Instant explicitExpiry, Instant now) {
        DbTransaction tx = db.transaction();
        try {
            List<UUID> ids = new ArrayList<>(count);
            for (int attempt = 0; ids.size() < count; attempt++) {
                if (attempt > 10) {
                    throw new IllegalStateException("could not generate unique codes");
                }
                int missing = count - ids.size();
                String[] codes = new String[missing];
                for (int i = 0; i < missing; i++) {
                    codes[i] = format.generate();
                }
                try (Stream<DbRow> rows = tx.query("INSERT INTO access_codes (id, event_id, code, label, expires_at, created_at) "
                                + "SELECT gen_random_uuid(), CAST(? AS uuid), x.code, CAST(? AS text), CAST(? AS timestamptz), "
                                + "CAST(? AS timestamptz) FROM unnest(CAST(? AS text[])) "
                                + "WITH ORDINALITY AS x(code, n) ORDER BY x.n "
                                + "ON CONFLICT (code) DO NOTHING RETURNING id",
                        eventId, label, Rows.ts(explicitExpiry), Rows.ts(now), codes)) {
                    rows.forEach(r -> ids.add(Rows.uuid(r, "id")));
                }
            }
            List<CodeRow> created = new ArrayList<>(count);
            try (Stream<DbRow> rows = tx.query(SELECT + "WHERE c.id = ANY (CAST(? AS uuid[])) ORDER BY c.created_at, c.id",
                    Rows.ts(now), Rows.ts(now.minus(sessionTimeout)), uuidArray(ids))) {
                rows.forEach(r -> created.add(map(r)));
            }
            tx.commit();
            return created;
        } catch (RuntimeException e) {
            tx.rollback();
            throw e;
        }
    }

    public Optional<CodeRow> find(UUID id, Instant now) {
        return db.execute().get(SELECT + "WHERE c.id = ?", Rows.ts(now), Rows.ts(now.minus(sessionTimeout)), id)
                .map(CodeRepository::map);
    }

    /** A page of an event's codes, filtered by status and by a search in label or code. */
    public Page list(UUID eventId, CodeStatus status, String search, int page, int pageSize, Instant now) {
        StringBuilder where = new StringBuilder("WHERE c.event_id = ?");
        List<Object> params = new ArrayList<>();
        params.add(Rows.ts(now));
        params.add(Rows.ts(now.minus(sessionTimeout)));
        params.add(eventId);
        if (search != null && !search.isBlank()) {
            String s = search.trim();
            String codeLike = s.toUpperCase(java.util.Locale.ROOT).replace("-", "").replace(" ", "");
            where.append(" AND (c.label ILIKE ? OR c.code LIKE ?)");
            params.add("%" + escapeLike(s) + "%");
            params.add("%" + escapeLike(codeLike) + "%");
        }
        String inner = SELECT + where;
        String outer = "SELECT *, count(*) OVER () AS total FROM (" + inner + ") q"
                + (status == null ? "" : " WHERE q.status = ?")
                + " ORDER BY q.created_at, q.id LIMIT ? OFFSET ?";
        if (status != null) {
            params.add(status.wireName());
        }
        params.add(pageSize);
        params.add((long) (page - 1) * pageSize);
        List<CodeRow> rows = new ArrayList<>();
        long total = 0;
        try (Stream<DbRow> result = db.execute().query(outer, params.toArray())) {
            for (DbRow r : (Iterable<DbRow>) result::iterator) {
                rows.add(map(r));
                total = Rows.longValue(r, "total");
            }
        }
        if (rows.isEmpty() && page > 1) {
            total = count(eventId, status, search, now);
        }
        return new Page(rows, page, pageSize, total);
    }

    private long count(UUID eventId, CodeStatus status, String search, Instant now) {
        Page first = list(eventId, status, search, 1, 1, now);
        return first.total();
    }

    /** Every code of an event, oldest first, with the event title, for CSV export. */
    public void forEach(UUID eventId, Instant now, java.util.function.BiConsumer<CodeRow, String> consumer) {
        try (Stream<DbRow> result = db.execute().query(SELECT + "WHERE c.event_id = ? ORDER BY c.created_at, c.id",
                Rows.ts(now), Rows.ts(now.minus(sessionTimeout)), eventId)) {
            result.forEach(r -> consumer.accept(map(r), Rows.string(r, "event_title")));
        }
    }

    /**
     * Revokes or un-revokes codes in one transaction, appending a feed change for each code whose state changed.
     *
     * @return ids that changed
     */
    public List<UUID> setRevoked(Collection<UUID> ids, boolean revoked, Instant now) {
        if (ids.isEmpty()) {
            return List.of();
        }
        DbTransaction tx = db.transaction();
        try {
            List<UUID> changed = new ArrayList<>();
            String sql = revoked
                    ? "UPDATE access_codes SET revoked_at = ? WHERE id = ANY (CAST(? AS uuid[])) AND revoked_at IS NULL RETURNING id"
                    : "UPDATE access_codes SET revoked_at = NULL WHERE id = ANY (CAST(? AS uuid[])) AND revoked_at IS NOT NULL "
                    + "RETURNING id";
            Object[] params = revoked
                    ? new Object[] {Rows.ts(now), uuidArray(ids)}
                    : new Object[] {uuidArray(ids)};
            try (Stream<DbRow> rows = tx.query(sql, params)) {
                rows.forEach(r -> changed.add(Rows.uuid(r, "id")));
            }
            for (UUID id : changed) {
                RevocationLog.append(tx, Kind.CODE, id, revoked, now);
            }
            tx.commit();
            return changed;
        } catch (RuntimeException e) {
            tx.rollback();
            throw e;
        }
    }

    /** Code counts by status for the given events (all events when {@code eventId} is null). */
    public java.util.Map<UUID, java.util.Map<String, Long>> countsByStatus(UUID eventId, Instant now) {
        java.util.Map<UUID, java.util.Map<String, Long>> out = new java.util.HashMap<>();
        String sql = "SELECT q.event_id, q.status, count(*) AS n FROM (" + SELECT
                + (eventId == null ? "" : "WHERE c.event_id = ?") + ") q GROUP BY q.event_id, q.status";
        Object[] params = eventId == null
                ? new Object[] {Rows.ts(now), Rows.ts(now.minus(sessionTimeout))}
                : new Object[] {Rows.ts(now), Rows.ts(now.minus(sessionTimeout)), eventId};
        try (Stream<DbRow> rows = db.execute().query(sql, params)) {
            rows.forEach(r -> out.computeIfAbsent(Rows.uuid(r, "event_id"), k -> new java.util.HashMap<>())
                    .put(Rows.string(r, "status"), Rows.longValue(r, "n")));
        }
        return out;
    }

    static CodeRow map(DbRow r) {
        return new CodeRow(
                Rows.uuid(r, "id"),
                Rows.uuid(r, "event_id"),
                Rows.string(r, "code"),
                Rows.string(r, "label"),
                Rows.instant(r, "effective_expiry"),
                Rows.bool(r, "explicit_expiry"),
                Rows.instant(r, "revoked_at"),
                Rows.instant(r, "redeemed_at"),
                Rows.instant(r, "created_at"),
                CodeStatus.fromWire(Rows.string(r, "status")));
    }

    /** UUIDs as a {@code text[]} parameter, for {@code CAST(? AS uuid[])}. */
    static String[] uuidArray(Collection<UUID> ids) {
        return ids.stream().map(UUID::toString).toArray(String[]::new);
    }

    private static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    public record Page(List<CodeRow> codes, int page, int pageSize, long total) {
    }
}
