package org.streamgate.ingest.rtmp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.red5.server.api.IConnection;
import org.red5.server.api.Red5;
import org.red5.server.api.scope.IScope;
import org.red5.server.api.stream.IStreamPlaybackSecurity;
import org.streamgate.ingest.http.IngestMetrics;

/**
 * Only internal addresses (the transcoder's FFmpeg) may pull streams: {@code INGEST_PLAY_ALLOW}.
 *
 * <p>Concurrency: immutable after construction.
 */
final class PlayAllowList implements IStreamPlaybackSecurity {

    private static final System.Logger LOG = System.getLogger(PlayAllowList.class.getName());

    private final Set<InetAddress> allowed;
    private final IngestMetrics metrics;

    PlayAllowList(List<String> addresses, IngestMetrics metrics) {
        Set<InetAddress> set = new HashSet<>();
        for (String a : addresses) {
            InetAddress parsed = parse(a);
            if (parsed == null) {
                throw new IllegalArgumentException("INGEST_PLAY_ALLOW: not an IP address: " + a);
            }
            set.add(parsed);
        }
        this.allowed = Set.copyOf(set);
        this.metrics = metrics;
    }

    boolean isAllowed(String remoteAddress) {
        InetAddress addr = parse(remoteAddress);
        return addr != null && allowed.contains(addr);
    }

    @Override
    public boolean isPlaybackAllowed(IScope scope, String name, int start, int length, boolean flushPlaylist) {
        IConnection conn = Red5.getConnectionLocal();
        String remote = conn == null ? null : conn.getRemoteAddress();
        if (isAllowed(remote)) {
            return true;
        }
        metrics.playRejected();
        LOG.log(System.Logger.Level.WARNING, "play refused for " + remote + " (not in INGEST_PLAY_ALLOW)");
        return false;
    }

    /** Literal IPs only (no DNS): the input is validated as [0-9a-f.:]+ before it gets here. */
    private static InetAddress parse(String literal) {
        if (literal == null || literal.isEmpty()) {
            return null;
        }
        String s = literal.startsWith("/") ? literal.substring(1) : literal;
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        if (!s.matches("[0-9A-Fa-f.:]+")) {
            return null;
        }
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
