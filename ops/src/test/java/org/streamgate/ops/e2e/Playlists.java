package org.streamgate.ops.e2e;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Just enough HLS reading for the system tests: the URIs a playlist lists, resolved against its own URL. */
final class Playlists {

    private Playlists() {
    }

    /** A media playlist: the sequence number of its first segment and the segment URIs in order. */
    record Media(long firstSequence, List<String> segments, boolean ended) {
        long lastSequence() {
            return firstSequence + segments.size() - 1;
        }

        String segment(long sequence) {
            return segments.get((int) (sequence - firstSequence));
        }
    }

    static List<String> uris(String playlistUrl, String body) {
        URI base = URI.create(playlistUrl);
        return body.lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> base.resolve(line).toString())
                .toList();
    }

    static Media media(String playlistUrl, String body) {
        long first = 0;
        boolean ended = false;
        for (String line : body.lines().map(String::strip).toList()) {
            if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
                first = Long.parseLong(line.substring("#EXT-X-MEDIA-SEQUENCE:".length()).strip());
            } else if (line.equals("#EXT-X-ENDLIST")) {
                ended = true;
            }
        }
        return new Media(first, new ArrayList<>(uris(playlistUrl, body)), ended);
    }
}
