package org.streamgate.transcoder.hls;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Segment file names are {@code <n>.ts}; the number never repeats within a rendition. */
public final class SegmentNames {

    private static final Pattern NAME = Pattern.compile("^(\\d{1,18})\\.ts$");

    private SegmentNames() {
    }

    /** @return the segment number of {@code fileName}, or -1 when it is not a segment name */
    public static long number(String fileName) {
        int slash = fileName.lastIndexOf('/');
        Matcher m = NAME.matcher(slash >= 0 ? fileName.substring(slash + 1) : fileName);
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }
}
