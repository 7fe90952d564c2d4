package org.streamgate.delivery.origin;

import java.io.IOException;
import org.streamgate.delivery.cache.PlaylistCache;
import org.streamgate.delivery.cache.SegmentCache;
import org.streamgate.delivery.path.StreamPath;
import org.streamgate.delivery.token.PresentedToken;

/** {@code proxy} mode: playlists through the short-lived {@link PlaylistCache}, everything else through the disk cache. */
public final class ProxyOrigin implements Origin {

    private final PlaylistCache playlists;
    private final SegmentCache segments;

    public ProxyOrigin(PlaylistCache playlists, SegmentCache segments) {
        this.playlists = playlists;
        this.segments = segments;
    }

    @Override
    public StreamResource open(StreamPath path, PresentedToken admission) throws IOException {
        String key = path.eventId() + "/" + path.relativePath();
        return path.kind().isPlaylist() ? playlists.open(key, admission) : segments.open(key, admission);
    }
}
