package org.streamgate.transcoder.hls;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One media segment line of a playlist.
 *
 * @param uri                 file name relative to the playlist
 * @param durationSeconds     EXTINF duration
 * @param programDateTime     wall clock of the segment's first frame, when the playlist said
 * @param discontinuityBefore an {@code EXT-X-DISCONTINUITY} precedes this segment
 */
public record Segment(String uri, double durationSeconds, Optional<Instant> programDateTime,
                      boolean discontinuityBefore) {

    public Segment {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(programDateTime, "programDateTime");
        if (!(durationSeconds >= 0) || Double.isInfinite(durationSeconds)) {
            throw new IllegalArgumentException("bad segment duration " + durationSeconds + " for " + uri);
        }
    }

    public Segment withDiscontinuity(boolean discontinuity) {
        return new Segment(uri, durationSeconds, programDateTime, discontinuity);
    }

    public Segment withProgramDateTime(Instant t) {
        return new Segment(uri, durationSeconds, Optional.of(t), discontinuityBefore);
    }

    public Segment withUri(String newUri) {
        return new Segment(newUri, durationSeconds, programDateTime, discontinuityBefore);
    }

    /** The number in a {@code <n>.ts} name, or -1. */
    public long number() {
        return SegmentNames.number(uri);
    }
}
