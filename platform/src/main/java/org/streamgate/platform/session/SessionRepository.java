package org.streamgate.platform.session;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.streamgate.common.internalapi.RevocationChange.Kind;
import org.streamgate.platform.db.Rows;
import org.streamgate.platform.http.ApiException;
import org.streamgate.platform.revocation.RevocationLog;

/**
 * Viewer sessions: one active session per access code (DESIGN §3.2).
 *
 * <p>Concurrency: {@link #claim} runs the database function {@code claim_viewer_session} (migrations V4, V6), which
 * locks the code's row ({@code SELECT ... FOR UPDATE}) for the whole check-and-insert in one statement, so concurrent
 * validations of one code run one after the other and exactly one of two devices wins. The partial unique index {@code viewer_sessions_one_active} backs this up in the schema: even a writer that
 * forgot the lock cannot create a second active session.
 */
public final class SessionRepository {

    static final String SELECT = "SELECT s.id, s.code_id, s.event_id, c.code, c.label AS code_label, s.device_id, s.client_addr, s.started_at, "
            + "s.last_heartbeat_at, s.ended_at, s.end_reason, s.revoked_at, c.revoked_at AS code_revoked_at, "
            + "COALESCE(c.expires_at, e.ends_at + make_interval(hours => e.access_window_hours)) AS code_expires_at, "
            + "e.archived AS event_archived "
            + "FROM viewer_sessions s JOIN access_codes c ON c.id = s.code_id JOIN events e ON e.id = s.event_id ";

    private final DbClient db;
    private final Duration timeout;

    public SessionRepository(DbClient db, Duration timeout) {
        this.db = db;
        this.timeout = timeout;
    }

    /** The outcome of a claim: the session id, and whether an existing session of the same device was resumed. */
    public record Claim(UUID sessionId, boolean resumed, UUID takenOver) {
    }

    /**
     * Claims the code for {@code deviceId}: resumes that device's active session, takes over a stale one, or fails
     * with {@code 409 in_use} while another device's session has a fresh heartbeat.
     */
    public Claim claim(UUID codeId, UUID eventId, String deviceId, String clientAddr, String userAgent, Instant now) {
        UUID newSession = UUID.randomUUID();
        DbRow row;
        try {
            row = db.execute().get("SELECT o_outcome, o_session, o_taken_over FROM claim_viewer_session(CAST(? AS uuid), "
                            + "CAST(? AS uuid), CAST(? AS text), CAST(? AS text), CAST(? AS text), ?, ?, CAST(? AS uuid))",
                    codeId, eventId, deviceId, clientAddr, truncate(userAgent, 300), Rows.ts(now),
                    Rows.ts(now.minus(timeout)), newSession).orElseThrow();
        } catch (RuntimeException e) {
            if (String.valueOf(e.getMessage()).contains("viewer_sessions_one_active") || causeMentions(e, "viewer_sessions_one_active")) {
                throw new ApiException(409, "in_use", "this access code is in use on another device");
            }
            throw e;
        }
        return switch (Rows.string(row, "o_outcome")) {
            case "claimed" -> new Claim(Rows.uuid(row, "o_session"), false, Rows.uuid(row, "o_taken_over"));
            case "resumed" -> new Claim(Rows.uuid(row, "o_session"), true, null);
            case "in_use" -> throw new ApiException(409, "in_use", "this access code is in use on another device");
            case "revoked" -> throw new ApiException(403, "revoked", "this access code has been revoked");
            default -> throw new ApiException(401, "invalid_code", "this access code is not valid");
        };
    }

    private static boolean causeMentions(Throwable e, String text) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains(text)) {
                return true;
            }
        }
        return false;
    }

    public Optional<SessionView> find(UUID sessionId) {
        return db.execute().get(SELECT + "WHERE s.id = ?", sessionId).map(SessionRepository::map);
    }

    /** @return whether the session was still active */
    public boolean heartbeat(UUID sessionId, Instant now) {
        return db.execute().update("UPDATE viewer_sessions SET last_heartbeat_at = ? WHERE id = ? AND ended_at IS NULL",
                Rows.ts(now), sessionId) > 0;
    }

    /** Ends a session; {@code kicked} also revokes its {@code sid} at delivery. */
    public boolean end(UUID sessionId, String reason, Instant now) {
        DbTransaction tx = db.transaction();
        try {
            long n = tx.update("UPDATE viewer_sessions SET ended_at = ?, end_reason = ?, revoked_at = ? "
                    + "WHERE id = ? AND ended_at IS NULL", Rows.ts(now), reason, Rows.ts(now), sessionId);
            if (n > 0) {
                RevocationLog.append(tx, Kind.SESSION, sessionId, true, now);
            }
            tx.commit();
            return n > 0;
        } catch (RuntimeException e) {
            tx.rollback();
            throw e;
        }
    }

    public List<SessionView> listActive(UUID eventId) {
        List<SessionView> sessions = new ArrayList<>();
        try (Stream<DbRow> rows = db.execute().query(SELECT + "WHERE s.event_id = ? AND s.ended_at IS NULL "
                + "ORDER BY s.started_at", eventId)) {
            rows.forEach(r -> sessions.add(map(r)));
        }
        return sessions;
    }

    /** Sessions with a fresh heartbeat, for the metrics gauge. */
    public long countActive(Instant now) {
        return db.execute().get("SELECT count(*) AS n FROM viewer_sessions WHERE ended_at IS NULL AND last_heartbeat_at > ?",
                Rows.ts(now.minus(timeout))).map(r -> Rows.longValue(r, "n")).orElse(0L);
    }

    public Duration timeout() {
        return timeout;
    }

    static SessionView map(DbRow r) {
        return new SessionView(
                Rows.uuid(r, "id"),
                Rows.uuid(r, "code_id"),
                Rows.uuid(r, "event_id"),
                Rows.string(r, "code"),
                Rows.string(r, "code_label"),
                Rows.string(r, "device_id"),
                Rows.string(r, "client_addr"),
                Rows.instant(r, "started_at"),
                Rows.instant(r, "last_heartbeat_at"),
                Rows.instant(r, "ended_at"),
                Rows.string(r, "end_reason"),
                Rows.instant(r, "revoked_at"),
                Rows.instant(r, "code_revoked_at"),
                Rows.instant(r, "code_expires_at"),
                Rows.bool(r, "event_archived"));
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
