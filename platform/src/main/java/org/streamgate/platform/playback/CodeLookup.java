package org.streamgate.platform.playback;

import io.helidon.dbclient.DbClient;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.streamgate.platform.db.Rows;
import org.streamgate.platform.event.Event;
import org.streamgate.platform.event.EventRepository;

/** The one query behind a validation: the code (by its normalised form) and its event. */
final class CodeLookup {

    /** What a validation needs to know about a code. */
    record Found(UUID codeId, Instant revokedAt, Instant expiresAt, Event event) {
    }

    private static final String SQL = "SELECT c.id AS code_id, c.revoked_at AS code_revoked_at, "
            + "COALESCE(c.expires_at, e.ends_at + make_interval(hours => e.access_window_hours)) AS code_expires_at, "
            + EventRepository.columns("e") + " FROM access_codes c JOIN events e ON e.id = c.event_id WHERE c.code = ?";

    private final DbClient db;

    CodeLookup(DbClient db) {
        this.db = db;
    }

    Optional<Found> find(String normalisedCode) {
        return db.execute().get(SQL, normalisedCode).map(r -> new Found(Rows.uuid(r, "code_id"),
                Rows.instant(r, "code_revoked_at"), Rows.instant(r, "code_expires_at"), EventRepository.map(r)));
    }
}
