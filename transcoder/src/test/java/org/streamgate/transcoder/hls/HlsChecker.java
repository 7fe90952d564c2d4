package org.streamgate.transcoder.hls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Strict, parser-based check of what a player would see (test helper): a master playlist whose variants exist,
 * and media playlists where every listed segment exists, every segment has EXT-X-PROGRAM-DATE-TIME, durations fit
 * the target duration, names never repeat and the media sequence never decreases between two looks.
 */
public final class HlsChecker {

    private HlsChecker() {
    }

    /** @return the variant URIs of a master playlist, each checked to exist */
    public static List<String> checkMaster(Path master) throws IOException {
        List<String> lines = Files.readAllLines(master);
        if (lines.isEmpty() || !lines.get(0).equals("#EXTM3U")) {
            throw new AssertionError(master + ": first line must be #EXTM3U");
        }
        List<String> variants = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#EXT-X-STREAM-INF:")) {
                if (!line.contains("BANDWIDTH=")) {
                    throw new AssertionError(master + " line " + (i + 1) + ": STREAM-INF without BANDWIDTH");
                }
                if (i + 1 >= lines.size() || lines.get(i + 1).startsWith("#")) {
                    throw new AssertionError(master + " line " + (i + 1) + ": STREAM-INF without URI");
                }
                String uri = lines.get(i + 1);
                if (!Files.isRegularFile(master.resolveSibling(uri))) {
                    throw new AssertionError(master + ": variant " + uri + " does not exist");
                }
                variants.add(uri);
            }
        }
        if (variants.isEmpty()) {
            throw new AssertionError(master + ": no variants");
        }
        return variants;
    }

    /** Checks one media playlist; {@code previous} (may be null) is an earlier look at the same playlist. */
    public static MediaPlaylist checkMedia(Path playlist, MediaPlaylist previous) throws IOException {
        MediaPlaylist p = MediaPlaylist.parse(Files.readString(playlist));
        List<String> raw = Files.readAllLines(playlist);
        if (raw.stream().noneMatch(l -> l.startsWith("#EXT-X-TARGETDURATION:"))) {
            throw new AssertionError(playlist + ": no EXT-X-TARGETDURATION");
        }
        Set<String> names = new HashSet<>();
        for (Segment s : p.segments()) {
            if (!names.add(s.uri())) {
                throw new AssertionError(playlist + ": segment " + s.uri() + " listed twice");
            }
            if (!Files.isRegularFile(playlist.resolveSibling(s.uri()))) {
                throw new AssertionError(playlist + ": listed segment " + s.uri() + " does not exist");
            }
            if (s.programDateTime().isEmpty()) {
                throw new AssertionError(playlist + ": segment " + s.uri() + " has no EXT-X-PROGRAM-DATE-TIME");
            }
            if (Math.round(s.durationSeconds()) > p.targetDuration()) {
                throw new AssertionError(playlist + ": segment " + s.uri() + " longer than the target duration");
            }
        }
        if (previous != null) {
            if (p.mediaSequence() < previous.mediaSequence()) {
                throw new AssertionError(playlist + ": media sequence decreased");
            }
            long skipped = p.mediaSequence() - previous.mediaSequence();
            List<Segment> before = previous.segments();
            for (int i = (int) skipped; i < before.size(); i++) {
                int j = i - (int) skipped;
                if (j >= p.segments().size() || !p.segments().get(j).uri().equals(before.get(i).uri())) {
                    throw new AssertionError(playlist + ": segment " + before.get(i).uri() + " disappeared");
                }
            }
        }
        return p;
    }

    /** Index of segments preceded by EXT-X-DISCONTINUITY. */
    public static List<Integer> discontinuities(MediaPlaylist p) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < p.segments().size(); i++) {
            if (p.segments().get(i).discontinuityBefore()) {
                at.add(i);
            }
        }
        return at;
    }
}
