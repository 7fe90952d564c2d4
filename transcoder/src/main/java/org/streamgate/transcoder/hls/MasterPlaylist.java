package org.streamgate.transcoder.hls;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** {@code <eventId>/master.m3u8}: one {@code EXT-X-STREAM-INF} per rendition, best first. */
public final class MasterPlaylist {

    public static final String FILE = "master.m3u8";

    /**
     * @param uri        the media playlist, relative to the master ({@code <rendition>/index.m3u8})
     * @param bandwidth  peak bits per second
     * @param resolution {@code WxH} when known
     * @param codecs     RFC 6381 codec list when known
     */
    public record Variant(String uri, long bandwidth, Optional<String> resolution, Optional<String> codecs) {
        public Variant {
            if (bandwidth <= 0) {
                throw new IllegalArgumentException("BANDWIDTH must be positive for " + uri);
            }
        }
    }

    private MasterPlaylist() {
    }

    public static String render(List<Variant> variants) {
        StringBuilder b = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n");
        for (Variant v : variants) {
            b.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(v.bandwidth());
            v.resolution().ifPresent(r -> b.append(",RESOLUTION=").append(r));
            v.codecs().ifPresent(c -> b.append(",CODECS=\"").append(c).append('"'));
            b.append('\n').append(v.uri()).append('\n');
        }
        return b.toString();
    }

    /** Atomic: a player sees no master, or a complete one. */
    public static void write(Path eventDir, List<Variant> variants) throws IOException {
        AtomicFiles.write(eventDir.resolve(FILE), render(variants));
    }
}
