package org.streamgate.ops.e2e;

import java.net.URI;
import java.util.List;

/** Just enough HLS reading for the system tests: the URIs a playlist lists, resolved against its own URL. */
final class Playlists {

    private Playlists() {
    }

    static List<String> uris(String playlistUrl, String body) {
        URI base = URI.create(playlistUrl);
        return body.lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> base.resolve(line).toString())
                .toList();
    }
}
