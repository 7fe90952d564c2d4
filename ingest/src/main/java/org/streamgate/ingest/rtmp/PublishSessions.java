package org.streamgate.ingest.rtmp;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Accepted publishers by stream key.
 *
 * <p>Concurrency: one {@link ConcurrentHashMap}. A session is added once its stream is published and removed
 * exactly once, by whoever wins {@link #remove(String, PublishSession)}: the broadcast-close callback or a takeover.
 */
final class PublishSessions {

    private final Map<String, PublishSession> byKey = new ConcurrentHashMap<>();

    void put(String key, PublishSession session) {
        byKey.put(key, session);
    }

    Optional<PublishSession> get(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    /** Removes the entry only if it is still this session; true if this call removed it. */
    boolean remove(String key, PublishSession session) {
        return byKey.remove(key, session);
    }

    List<PublishSession> snapshot() {
        return List.copyOf(byKey.values());
    }

    int size() {
        return byKey.size();
    }
}
