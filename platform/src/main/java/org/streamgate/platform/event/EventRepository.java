package org.streamgate.platform.event;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.streamgate.common.internalapi.StreamProfile;
import org.streamgate.platform.db.Rows;

/** SQL for events. Parameterised statements only. */
public final class EventRepository {

    static final String COLUMNS = "id, title, description, starts_at, ends_at, access_window_hours, poster_url, profile, "
            + "status, stream_failed, last_state_at, stream_key, archived, publisher_client_id, publisher_addr, "
            + "publisher_since, publisher_seen_at, vod_state, vod_progress, created_at, updated_at";

    /** {@link #COLUMNS} qualified with a table alias, for joins that {@link #map} reads. */
    public static String columns(String alias) {
        return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
    }

    private final DbClient db;

    public EventRepository(DbClient db) {
        this.db = db;
    }

    public DbClient db() {
        return db;
    }

    public void insert(Event e, boolean demo) {
        db.execute().insert("INSERT INTO events (id, title, description, starts_at, ends_at, access_window_hours, "
                        + "poster_url, profile, status, stream_key, archived, demo, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                e.id(), e.title(), e.description(), Rows.ts(e.startsAt()), Rows.ts(e.endsAt()), e.accessWindowHours(),
                e.posterUrl(), e.profile().wireName(), e.streamStatus(), e.streamKey(), e.archived(), demo,
                Rows.ts(e.createdAt()), Rows.ts(e.updatedAt()));
    }

    public Optional<Event> find(UUID id) {
        return find(db.execute(), id, false);
    }

    /** @param forUpdate lock the row for the rest of the caller's transaction */
    public Optional<Event> find(DbExecute exec, UUID id, boolean forUpdate) {
        return exec.get("SELECT " + COLUMNS + " FROM events WHERE id = ?" + (forUpdate ? " FOR UPDATE" : ""), id)
                .map(EventRepository::map);
    }

    public Optional<Event> findByStreamKey(String streamKey) {
        return db.execute().get("SELECT " + COLUMNS + " FROM events WHERE stream_key = ?", streamKey)
                .map(EventRepository::map);
    }

    public Optional<Event> findDemo() {
        return db.execute().get("SELECT " + COLUMNS + " FROM events WHERE demo AND NOT archived "
                + "ORDER BY created_at DESC LIMIT 1").map(EventRepository::map);
    }

    public List<Event> list() {
        List<Event> events = new ArrayList<>();
        try (Stream<DbRow> rows = db.execute().query("SELECT " + COLUMNS + " FROM events ORDER BY starts_at DESC, id")) {
            rows.forEach(r -> events.add(map(r)));
        }
        return events;
    }

    public void update(DbExecute exec, Event e) {
        exec.update("UPDATE events SET title = ?, description = ?, starts_at = ?, ends_at = ?, access_window_hours = ?, "
                        + "poster_url = ?, profile = ?, updated_at = ? WHERE id = ?",
                e.title(), e.description(), Rows.ts(e.startsAt()), Rows.ts(e.endsAt()), e.accessWindowHours(),
                e.posterUrl(), e.profile().wireName(), Rows.ts(e.updatedAt()), e.id());
    }

    public void setArchived(DbExecute exec, UUID id, boolean archived, Instant now) {
        exec.update("UPDATE events SET archived = ?, archived_at = ?, updated_at = ? WHERE id = ?",
                archived, archived ? Rows.ts(now) : null, Rows.ts(now), id);
    }

    public long delete(DbExecute exec, UUID id) {
        return exec.delete("DELETE FROM events WHERE id = ?", id);
    }

    public void setStreamKey(UUID id, String key, Instant now) {
        db.execute().update("UPDATE events SET stream_key = ?, updated_at = ? WHERE id = ?", key, Rows.ts(now), id);
    }

    /**
     * Applies a stream state unless a newer one was already applied.
     *
     * @return whether the row changed
     */
    public boolean applyStreamState(UUID id, String status, boolean failed, Instant at, Instant now) {
        return db.execute().update("UPDATE events SET status = ?, stream_failed = ?, last_state_at = ?, updated_at = ? "
                        + "WHERE id = ? AND (last_state_at IS NULL OR last_state_at <= ?)",
                status, failed, Rows.ts(at), Rows.ts(now), id, Rows.ts(at)) > 0;
    }

    /** on_publish allowed: the event is live and this publisher holds it. */
    public void markPublishing(UUID id, String clientId, String addr, Instant now) {
        db.execute().update("UPDATE events SET status = 'live', stream_failed = false, last_state_at = ?, "
                        + "publisher_client_id = ?, publisher_addr = ?, publisher_since = ?, publisher_seen_at = NULL, "
                        + "updated_at = ? WHERE id = ?",
                Rows.ts(now), clientId, addr, Rows.ts(now), Rows.ts(now), id);
        db.execute().insert("INSERT INTO publishes (event_id, client_id, addr, started_at) VALUES (?, ?, ?, ?)",
                id, clientId, addr, Rows.ts(now));
    }

    /** on_publish_done: forget the publisher if it is the one we know. */
    public void markPublishDone(UUID id, String clientId, Instant now) {
        db.execute().update("UPDATE events SET publisher_client_id = NULL, publisher_addr = NULL, publisher_since = NULL, "
                        + "publisher_seen_at = NULL, updated_at = ? "
                        + "WHERE id = ? AND (publisher_client_id IS NULL OR publisher_client_id = ?)",
                Rows.ts(now), id, clientId);
        db.execute().update("UPDATE publishes SET ended_at = ? WHERE event_id = ? AND ended_at IS NULL "
                + "AND (client_id IS NOT DISTINCT FROM ?)", Rows.ts(now), id, clientId);
    }

    /** on_update: the publisher is still there. */
    public void markPublisherSeen(UUID id, String clientId, Instant now) {
        db.execute().update("UPDATE events SET publisher_seen_at = ? WHERE id = ? AND publisher_since IS NOT NULL "
                + "AND (publisher_client_id IS NOT DISTINCT FROM ?)", Rows.ts(now), id, clientId);
    }

    public void markEnded(UUID id, Instant now) {
        db.execute().update("UPDATE events SET status = 'ended', last_state_at = ?, publisher_client_id = NULL, "
                + "publisher_addr = NULL, publisher_since = NULL, publisher_seen_at = NULL, updated_at = ? WHERE id = ?",
                Rows.ts(now), Rows.ts(now), id);
    }

    /** Which transcoder runs the event's job (DESIGN §5: several transcoders). */
    public Optional<java.net.URI> transcoderOf(String eventId) {
        try {
            return db.execute().get("SELECT transcoder_url FROM events WHERE id = CAST(? AS uuid)", eventId)
                    .map(r -> Rows.string(r, "transcoder_url")).map(java.net.URI::create);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    public void setTranscoder(String eventId, java.net.URI transcoder) {
        db.execute().update("UPDATE events SET transcoder_url = ? WHERE id = CAST(? AS uuid)", transcoder.toString(), eventId);
    }

    /** An uploaded source is being transcoded to VOD. */
    public void startVod(UUID id, String source, double durationSeconds, Instant now) {
        db.execute().update("UPDATE events SET vod_state = 'processing', vod_progress = 0, vod_source = ?, "
                        + "vod_duration_seconds = ?, vod_updated_at = ?, updated_at = ? WHERE id = ?",
                source, durationSeconds, Rows.ts(now), Rows.ts(now), id);
    }

    public void setVodProgress(UUID id, int progress, Instant now) {
        db.execute().update("UPDATE events SET vod_progress = GREATEST(COALESCE(vod_progress, 0), ?), vod_updated_at = ? "
                + "WHERE id = ? AND vod_state = 'processing'", progress, Rows.ts(now), id);
    }

    /** @param state {@code ready} or {@code failed} */
    public void finishVod(UUID id, String state, Instant now) {
        db.execute().update("UPDATE events SET vod_state = ?, vod_progress = CASE WHEN ? = 'ready' THEN 100 ELSE vod_progress END, "
                + "vod_updated_at = ?, updated_at = ? WHERE id = ? AND vod_state = 'processing'",
                state, state, Rows.ts(now), Rows.ts(now), id);
    }

    /** Events whose upload is being transcoded, with the source duration (seconds, 0 when unknown). */
    public java.util.Map<UUID, Double> processingVods() {
        java.util.Map<UUID, Double> out = new java.util.LinkedHashMap<>();
        try (Stream<DbRow> rows = db.execute().query("SELECT id, vod_duration_seconds FROM events WHERE vod_state = 'processing'")) {
            rows.forEach(r -> {
                Object d = Rows.raw(r, "vod_duration_seconds");
                out.put(Rows.uuid(r, "id"), d == null ? 0.0 : ((Number) d).doubleValue());
            });
        }
        return out;
    }

    public static Event map(DbRow r) {
        return new Event(
                Rows.uuid(r, "id"),
                Rows.string(r, "title"),
                Rows.string(r, "description"),
                Rows.instant(r, "starts_at"),
                Rows.instant(r, "ends_at"),
                Rows.integer(r, "access_window_hours"),
                Rows.string(r, "poster_url"),
                StreamProfile.fromWire(Rows.string(r, "profile")),
                Rows.string(r, "status"),
                Rows.bool(r, "stream_failed"),
                Rows.instant(r, "last_state_at"),
                Rows.string(r, "stream_key"),
                Rows.bool(r, "archived"),
                Rows.string(r, "publisher_client_id"),
                Rows.string(r, "publisher_addr"),
                Rows.instant(r, "publisher_since"),
                Rows.instant(r, "publisher_seen_at"),
                Rows.string(r, "vod_state"),
                Rows.integer(r, "vod_progress"),
                Rows.instant(r, "created_at"),
                Rows.instant(r, "updated_at"));
    }
}
