package org.streamgate.platform.event;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.streamgate.common.internalapi.StreamProfile;

/**
 * One event as stored. {@link #status()} is what viewers and admins see: {@code archived} wins over the stream
 * state reported by the transcoder.
 */
public record Event(UUID id,
                    String title,
                    String description,
                    Instant startsAt,
                    Instant endsAt,
                    int accessWindowHours,
                    String posterUrl,
                    StreamProfile profile,
                    String streamStatus,
                    boolean streamFailed,
                    Instant lastStateAt,
                    String streamKey,
                    boolean archived,
                    String publisherClientId,
                    String publisherAddr,
                    Instant publisherSince,
                    Instant publisherSeenAt,
                    String vodState,
                    Integer vodProgress,
                    Instant createdAt,
                    Instant updatedAt) {

    public static final int DEFAULT_ACCESS_WINDOW_HOURS = 48;
    public static final int MAX_ACCESS_WINDOW_HOURS = 720;

    /** {@code scheduled | live | reconnecting | ended | archived}. */
    public String status() {
        return archived ? "archived" : streamStatus;
    }

    /** When codes that follow the event expire: {@code endsAt + accessWindowHours}. */
    public Instant defaultCodeExpiry() {
        return endsAt.plus(Duration.ofHours(accessWindowHours));
    }
}
