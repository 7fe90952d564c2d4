package org.streamgate.transcoder.profile;

import java.util.regex.Pattern;

/**
 * One output variant: its folder name under the event directory and its encoding targets.
 * For the {@code copy} profile there is a single rendition named {@value #SOURCE} with no encoding targets.
 *
 * @param name        folder name and {@code %v} value; {@code [a-z0-9]+}
 * @param height      output height in pixels (0 = as the source)
 * @param videoKbps   x264 target bitrate (0 = copy)
 * @param maxrateKbps VBV max rate, also the master playlist's BANDWIDTH basis
 * @param audioKbps   AAC bitrate
 */
public record Rendition(String name, int height, int videoKbps, int maxrateKbps, int audioKbps) {

    public static final String SOURCE = "source";
    private static final Pattern NAME = Pattern.compile("[a-z0-9]{1,16}");

    public Rendition {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("rendition name must match " + NAME + ", got " + name);
        }
        if (height < 0 || videoKbps < 0 || maxrateKbps < videoKbps || audioKbps < 0) {
            throw new IllegalArgumentException("rendition " + name + " has inconsistent rates/height");
        }
    }

    public static Rendition source() {
        return new Rendition(SOURCE, 0, 0, 0, 0);
    }

    public boolean isCopy() {
        return videoKbps == 0;
    }

    /** Output width for a source of {@code srcWidth x srcHeight}, even, preserving aspect ratio. */
    public int widthFor(int srcWidth, int srcHeight) {
        if (srcWidth <= 0 || srcHeight <= 0) {
            return Math.round(height * 16f / 9f / 2) * 2;
        }
        return (int) Math.round((double) srcWidth * height / srcHeight / 2.0) * 2;
    }
}
