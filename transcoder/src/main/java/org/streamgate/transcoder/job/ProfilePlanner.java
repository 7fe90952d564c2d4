package org.streamgate.transcoder.job;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.streamgate.common.internalapi.StreamProfile;
import org.streamgate.transcoder.ffmpeg.FfmpegBinary;
import org.streamgate.transcoder.ffmpeg.FfmpegProbe;
import org.streamgate.transcoder.ffmpeg.InputSource;
import org.streamgate.transcoder.ffmpeg.RingLog;
import org.streamgate.transcoder.ffmpeg.StreamInfo;
import org.streamgate.transcoder.profile.ProfilePlan;
import org.streamgate.transcoder.profile.Rendition;

/**
 * Decides what a job encodes. Copy for live inputs needs no probe. A file (an upload) is always probed: its
 * duration drives the progress, and a file whose codecs cannot be remuxed into HLS (VP9, HEVC, Opus...) is
 * encoded with the abr ladder even when {@code copy} was asked for, so an upload of any common format ends as a
 * playable VOD.
 */
record ProfilePlanner(FfmpegBinary binary, List<Rendition> ladder) {

    private static final System.Logger LOG = System.getLogger(ProfilePlanner.class.getName());
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(15);

    /**
     * What the probe found and what to encode.
     *
     * @param plan           empty while the input has nothing to encode yet (no video on a live input, nothing
     *                       at all in a file)
     * @param info           the probed source, {@link StreamInfo#UNKNOWN} when not probed
     * @param durationMicros a file's length; 0 for live inputs or when FFmpeg could not tell
     */
    record Planned(Optional<ProfilePlan> plan, StreamInfo info, long durationMicros) {
    }

    /** Explanations for the operator go to {@code log}, the job's FFmpeg log shown by {@code GET /jobs}. */
    Planned plan(String eventId, InputSource input, StreamProfile profile, RingLog log) {
        boolean file = input.kind() == InputSource.Kind.FILE;
        if (profile == StreamProfile.COPY && !file) {
            return new Planned(Optional.of(ProfilePlan.copy()), StreamInfo.UNKNOWN, 0);
        }
        StreamInfo info = FfmpegProbe.probe(binary, input, PROBE_TIMEOUT);
        long duration = file ? info.durationMicros() : 0;
        if (file) {
            if (!info.hasVideo() && !info.hasAudio()) {
                log.add("probe: FFmpeg found no audio or video in the file");
                return new Planned(Optional.empty(), StreamInfo.UNKNOWN, duration);
            }
            if (profile == StreamProfile.COPY) {
                if (info.hlsCopyCompatible()) {
                    return new Planned(Optional.of(ProfilePlan.copy()), info, duration);
                }
                String codecs = info.videoCodec() + (info.hasAudio() ? "/" + info.audioCodec() : "");
                log.add("probe: " + codecs + " cannot be copied into HLS; encoding the abr ladder instead");
                LOG.log(System.Logger.Level.INFO, eventId + " file codecs " + codecs + " not HLS-compatible: abr");
            }
        }
        if (!info.hasVideo()) {
            log.add("probe: no video stream found in the input (yet)");
            return new Planned(Optional.empty(), StreamInfo.UNKNOWN, duration);
        }
        ProfilePlan made = ProfilePlan.abr(ladder, info);
        LOG.log(System.Logger.Level.INFO, eventId + " abr ladder for " + info.resolution().orElse("?") + ": "
                + made.renditions().stream().map(Rendition::name).toList());
        return new Planned(Optional.of(made), info, duration);
    }
}
