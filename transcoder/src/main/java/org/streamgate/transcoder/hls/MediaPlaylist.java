package org.streamgate.transcoder.hls;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An HLS media playlist: parsing (what FFmpeg writes, and what we wrote before) and writing (what players read).
 * Writing always emits {@code EXT-X-PROGRAM-DATE-TIME} before every segment that has one, as UTC with
 * milliseconds, and a playlist type of EVENT while live and VOD once ended.
 *
 * @param targetDuration  EXT-X-TARGETDURATION
 * @param mediaSequence   EXT-X-MEDIA-SEQUENCE
 * @param segments        in order
 * @param endList         EXT-X-ENDLIST present
 */
public record MediaPlaylist(int targetDuration, long mediaSequence, List<Segment> segments, boolean endList) {

    /** FFmpeg writes {@code 2024-01-01T12:00:00.000+0000}; ISO-8601 forms with {@code Z} or {@code +00:00} also parse. */
    private static final DateTimeFormatter PDT_IN = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter(Locale.ROOT);
    private static final DateTimeFormatter PDT_OUT = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.MILLI_OF_SECOND, 3, 3, true)
            .appendLiteral('Z')
            .toFormatter(Locale.ROOT)
            .withZone(java.time.ZoneOffset.UTC);

    public MediaPlaylist {
        segments = List.copyOf(segments);
        if (targetDuration < 0 || mediaSequence < 0) {
            throw new IllegalArgumentException("bad target duration or media sequence");
        }
    }

    /**
     * Parses a media playlist. Unknown tags are skipped; structural errors (no {@code #EXTM3U}, a URI without
     * {@code EXTINF}, unparsable numbers) throw.
     *
     * @throws PlaylistFormatException describing the first problem and its line
     */
    public static MediaPlaylist parse(String text) {
        String[] lines = text.split("\r?\n");
        if (lines.length == 0 || !lines[0].strip().equals("#EXTM3U")) {
            throw new PlaylistFormatException(1, "first line must be #EXTM3U");
        }
        int target = 0;
        long sequence = 0;
        boolean end = false;
        List<Segment> segments = new ArrayList<>();
        Double pendingDuration = null;
        Instant pendingPdt = null;
        boolean pendingDiscontinuity = false;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            int lineNo = i + 1;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#EXTINF:")) {
                String v = line.substring("#EXTINF:".length());
                int comma = v.indexOf(',');
                pendingDuration = parseDouble(comma >= 0 ? v.substring(0, comma) : v, lineNo, "EXTINF");
            } else if (line.startsWith("#EXT-X-TARGETDURATION:")) {
                target = (int) parseLong(line.substring("#EXT-X-TARGETDURATION:".length()), lineNo, "TARGETDURATION");
            } else if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
                sequence = parseLong(line.substring("#EXT-X-MEDIA-SEQUENCE:".length()), lineNo, "MEDIA-SEQUENCE");
            } else if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
                pendingPdt = parseDateTime(line.substring("#EXT-X-PROGRAM-DATE-TIME:".length()), lineNo);
            } else if (line.equals("#EXT-X-DISCONTINUITY")) {
                pendingDiscontinuity = true;
            } else if (line.equals("#EXT-X-ENDLIST")) {
                end = true;
            } else if (line.startsWith("#")) {
                continue; // other tags and comments
            } else {
                if (pendingDuration == null) {
                    throw new PlaylistFormatException(lineNo, "segment URI without #EXTINF: " + line);
                }
                segments.add(new Segment(line, pendingDuration, Optional.ofNullable(pendingPdt), pendingDiscontinuity));
                pendingDuration = null;
                pendingPdt = null;
                pendingDiscontinuity = false;
            }
        }
        return new MediaPlaylist(target, sequence, segments, end);
    }

    /** Renders for players; {@code live=false} marks it VOD. */
    public String render() {
        StringBuilder b = new StringBuilder(64 + segments.size() * 80);
        b.append("#EXTM3U\n");
        b.append("#EXT-X-VERSION:3\n");
        b.append("#EXT-X-TARGETDURATION:").append(targetDuration).append('\n');
        b.append("#EXT-X-MEDIA-SEQUENCE:").append(mediaSequence).append('\n');
        b.append("#EXT-X-PLAYLIST-TYPE:").append(endList ? "VOD" : "EVENT").append('\n');
        for (Segment s : segments) {
            if (s.discontinuityBefore()) {
                b.append("#EXT-X-DISCONTINUITY\n");
            }
            s.programDateTime().ifPresent(t -> b.append("#EXT-X-PROGRAM-DATE-TIME:").append(formatDateTime(t)).append('\n'));
            b.append("#EXTINF:").append(String.format(Locale.ROOT, "%.6f", s.durationSeconds())).append(",\n");
            b.append(s.uri()).append('\n');
        }
        if (endList) {
            b.append("#EXT-X-ENDLIST\n");
        }
        return b.toString();
    }

    /** The smallest valid target duration for these segments, never below {@code floorSeconds}. */
    public static int targetDurationFor(List<Segment> segments, int floorSeconds) {
        double max = 0;
        for (Segment s : segments) {
            max = Math.max(max, s.durationSeconds());
        }
        return Math.max(floorSeconds, (int) Math.round(Math.ceil(max - 1e-3)));
    }

    public static String formatDateTime(Instant t) {
        return PDT_OUT.format(t.truncatedTo(ChronoUnit.MILLIS));
    }

    static Instant parseDateTime(String value, int lineNo) {
        try {
            return OffsetDateTime.parse(value.strip(), PDT_IN).toInstant();
        } catch (DateTimeParseException e) {
            throw new PlaylistFormatException(lineNo, "bad EXT-X-PROGRAM-DATE-TIME '" + value + "'");
        }
    }

    private static double parseDouble(String v, int lineNo, String what) {
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw new PlaylistFormatException(lineNo, "bad " + what + " '" + v + "'");
        }
    }

    private static long parseLong(String v, int lineNo, String what) {
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new PlaylistFormatException(lineNo, "bad " + what + " '" + v + "'");
        }
    }
}
