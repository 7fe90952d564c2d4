package org.streamgate.delivery.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.streamgate.common.internalapi.RevocationChange;
import org.streamgate.common.token.PlaybackClaims;
import org.streamgate.delivery.DeliveryConfig.FailMode;
import org.streamgate.delivery.token.Revocations;

/**
 * The node's copy of what the platform has revoked (DESIGN §3.5): codes, sessions and events. Revoke and un-revoke
 * are both kept as the latest change per id, and a change older than the one held is ignored, so the SSE push and
 * the poll may deliver the same changes in any order. An entry is dropped once no valid token could carry it:
 * {@code retention} (the longest token lifetime plus leeway) after the change, or after it arrived if later.
 *
 * <p>Concurrency: one {@link ConcurrentHashMap} per kind, updated with {@code compute}; the sync time is volatile.
 * Readers on the request path never block.
 */
public final class RevocationState implements Revocations {

    private record Entry(boolean revoked, Instant at, Instant keepUntil) {
    }

    private final Map<RevocationChange.Kind, Map<String, Entry>> entries = new EnumMap<>(RevocationChange.Kind.class);
    private final FailMode failMode;
    private final Duration retention;
    private final Clock clock;
    private final Instant createdAt;
    private volatile Instant lastSync;

    public RevocationState(FailMode failMode, Duration retention, Clock clock) {
        this.failMode = failMode;
        this.retention = retention;
        this.clock = clock;
        this.createdAt = clock.instant();
        for (RevocationChange.Kind kind : RevocationChange.Kind.values()) {
            entries.put(kind, new ConcurrentHashMap<>());
        }
    }

    @Override
    public boolean ready() {
        return failMode == FailMode.OPEN || lastSync != null;
    }

    @Override
    public boolean isRevoked(PlaybackClaims claims) {
        return revoked(RevocationChange.Kind.CODE, claims.subject())
                || revoked(RevocationChange.Kind.SESSION, claims.sessionId())
                || revoked(RevocationChange.Kind.EVENT, claims.eventId());
    }

    private boolean revoked(RevocationChange.Kind kind, String id) {
        Entry e = entries.get(kind).get(id);
        return e != null && e.revoked;
    }

    public void apply(RevocationChange change) {
        Instant now = clock.instant();
        Instant from = change.at().isAfter(now) ? change.at() : now;
        Entry fresh = new Entry(change.revoked(), change.at(), from.plus(retention));
        entries.get(change.kind()).compute(change.id(), (id, old) -> old != null && old.at.isAfter(change.at()) ? old : fresh);
    }

    /** A poll answered or the push channel delivered something: the state is current as of now. */
    public void markSynced() {
        lastSync = clock.instant();
    }

    public Optional<Instant> lastSync() {
        return Optional.ofNullable(lastSync);
    }

    /** Time since the last successful contact, or since start when there was none. */
    public Duration syncAge() {
        Instant last = lastSync;
        return Duration.between(last == null ? createdAt : last, clock.instant());
    }

    /** Drops entries no valid token can carry any more; the housekeeper calls this. */
    public void sweep() {
        Instant now = clock.instant();
        for (Map<String, Entry> map : entries.values()) {
            map.values().removeIf(e -> now.isAfter(e.keepUntil));
        }
    }

    public int size() {
        return entries.values().stream().mapToInt(Map::size).sum();
    }
}
