package org.streamgate.common.internalapi;

import java.util.Locale;

/**
 * What the transcoder reports to the platform at {@code POST /internal/events/<id>/stream-state} (DESIGN §3.8).
 * The platform maps these onto the event status.
 */
public enum StreamState {
    /** FFmpeg is writing segments. */
    LIVE,
    /** The input ended; waiting out the reconnect window. */
    RECONNECTING,
    /** Finalised: playlists carry ENDLIST, the VOD is ready. */
    ENDED,
    /** Gave up (restart ceiling reached, or the input never came). */
    FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything not listed */
    public static StreamState fromWire(String value) {
        if (value != null) {
            for (StreamState s : values()) {
                if (s.wireName().equals(value)) {
                    return s;
                }
            }
        }
        throw new IllegalArgumentException("unknown stream state: " + value);
    }
}
