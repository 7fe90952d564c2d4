package org.streamgate.common.internalapi;

import java.util.Locale;

/** How the transcoder turns an input into HLS (DESIGN §3.8). */
public enum StreamProfile {
    /** Remux only: no re-encode, lowest CPU and latency. */
    COPY,
    /** An x264 ladder with GOPs aligned to the segment length, one master playlist. */
    ABR;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything not listed */
    public static StreamProfile fromWire(String value) {
        if (value != null) {
            for (StreamProfile p : values()) {
                if (p.wireName().equals(value)) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("unknown profile: " + value);
    }
}
