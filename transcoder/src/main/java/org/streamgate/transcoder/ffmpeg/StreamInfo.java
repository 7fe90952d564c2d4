package org.streamgate.transcoder.ffmpeg;

import java.util.Optional;

/**
 * What FFmpeg said about its input (first video and first audio stream), parsed from the stderr banner by
 * {@link StreamInfoParser}. Zero / empty means unknown.
 *
 * @param durationMicros the input's duration from the {@code Duration:} line; 0 when unknown or live ({@code N/A})
 */
public record StreamInfo(
        String videoCodec,
        String videoProfile,
        int width,
        int height,
        double fps,
        String audioCodec,
        String audioProfile,
        int inputBitrateKbps,
        long durationMicros) {

    public static final StreamInfo UNKNOWN = new StreamInfo("", "", 0, 0, 0, "", "", 0, 0);

    /** Without a known duration (live inputs). */
    public StreamInfo(String videoCodec, String videoProfile, int width, int height, double fps, String audioCodec,
                      String audioProfile, int inputBitrateKbps) {
        this(videoCodec, videoProfile, width, height, fps, audioCodec, audioProfile, inputBitrateKbps, 0);
    }

    /**
     * Whether {@code -c copy} into MPEG-TS HLS gives something every player plays: H.264 video (or none) and AAC
     * or MP3 audio (or none), and at least one of the two.
     */
    public boolean hlsCopyCompatible() {
        boolean video = !hasVideo() || "h264".equals(videoCodec);
        boolean audio = !hasAudio() || "aac".equals(audioCodec) || "mp3".equals(audioCodec);
        return (hasVideo() || hasAudio()) && video && audio;
    }

    public boolean hasVideo() {
        return !videoCodec.isEmpty();
    }

    public boolean hasAudio() {
        return !audioCodec.isEmpty();
    }

    public Optional<String> resolution() {
        return width > 0 && height > 0 ? Optional.of(width + "x" + height) : Optional.empty();
    }

    /** RFC 6381 audio codec string when FFmpeg named one we know. */
    public Optional<String> audioCodecTag() {
        if (!"aac".equals(audioCodec)) {
            return "mp3".equals(audioCodec) ? Optional.of("mp4a.40.34") : Optional.empty();
        }
        return switch (audioProfile) {
            case "HE-AAC" -> Optional.of("mp4a.40.5");
            case "HE-AACv2" -> Optional.of("mp4a.40.29");
            default -> Optional.of("mp4a.40.2");
        };
    }
}
