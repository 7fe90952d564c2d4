package org.streamgate.transcoder.profile;

import java.util.ArrayList;
import java.util.List;
import org.streamgate.common.internalapi.StreamProfile;
import org.streamgate.transcoder.ffmpeg.StreamInfo;

/**
 * The renditions a job writes, fixed for the job's life so every restart continues the same playlists.
 *
 * @param profile    copy or abr
 * @param renditions at least one; folder names are unique
 * @param audio      whether the output carries audio (abr needs to know before it maps streams)
 * @param source     what the input looked like when the plan was made ({@link StreamInfo#UNKNOWN} for copy)
 */
public record ProfilePlan(StreamProfile profile, List<Rendition> renditions, boolean audio, StreamInfo source) {

    /** 1080p/720p/480p/360p, x264 with roughly Apple's authoring-spec bitrates. */
    public static final List<Rendition> DEFAULT_LADDER = List.of(
            new Rendition("1080p", 1080, 5000, 5350, 128),
            new Rendition("720p", 720, 2800, 2996, 128),
            new Rendition("480p", 480, 1400, 1498, 96),
            new Rendition("360p", 360, 800, 856, 96));

    public ProfilePlan {
        renditions = List.copyOf(renditions);
        if (renditions.isEmpty()) {
            throw new IllegalArgumentException("a plan needs at least one rendition");
        }
        if (renditions.stream().map(Rendition::name).distinct().count() != renditions.size()) {
            throw new IllegalArgumentException("rendition names must be unique: " + renditions);
        }
    }

    public static ProfilePlan copy() {
        return new ProfilePlan(StreamProfile.COPY, List.of(Rendition.source()), true, StreamInfo.UNKNOWN);
    }

    /**
     * The ladder capped at the source height: renditions taller than the source are dropped; a source smaller
     * than the smallest rung gets one rendition at its own (even) height with the smallest rung's rates.
     */
    public static ProfilePlan abr(List<Rendition> ladder, StreamInfo source) {
        if (!source.hasVideo()) {
            throw new IllegalArgumentException("abr needs a video stream; the input has none");
        }
        List<Rendition> kept = new ArrayList<>();
        for (Rendition r : ladder) {
            if (source.height() <= 0 || r.height() <= source.height()) {
                kept.add(r);
            }
        }
        if (kept.isEmpty()) {
            Rendition smallest = ladder.get(ladder.size() - 1);
            int h = Math.max(2, source.height() / 2 * 2);
            kept.add(new Rendition(h + "p", h, smallest.videoKbps(), smallest.maxrateKbps(), smallest.audioKbps()));
        }
        return new ProfilePlan(StreamProfile.ABR, kept, source.hasAudio(), source);
    }
}
