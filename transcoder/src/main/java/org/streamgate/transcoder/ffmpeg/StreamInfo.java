package org.streamgate.transcoder.ffmpeg;

import java.util.Optional;

/**
 * What FFmpeg said about its input (first video and first audio stream), parsed from the stderr banner by
 * {@link StreamInfoParser}. Zero / empty means unknown.
 */
public record StreamInfo(
        String videoCodec,
        String videoProfile,
        int width,
        int height,
        double fps,
        String audioCodec,
        String audioProfile,
        int inputBitrateKbps) {

    public static final StreamInfo UNKNOWN = new StreamInfo("", "", 0, 0, 0, "", "", 0);

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
