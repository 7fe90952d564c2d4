package org.streamgate.ingest.rtmp;

import java.io.IOException;

import org.red5.server.api.scope.IBasicScope;
import org.red5.server.api.scope.IBroadcastScope;
import org.red5.server.api.scope.IScope;
import org.red5.server.api.scope.ScopeType;
import org.red5.server.stream.PlaylistSubscriberStream;

/**
 * A subscriber's stream (bean {@code playlistSubscriberStream}) that tells the live stream it plays when its
 * play engine is ready for media, so the {@link GopCachingBroadcastStream} can start it with the cached GOP.
 * Red5's play engine accepts media only once {@code play} has sent the stream start.
 *
 * <p>Concurrency: {@code play} runs on the subscriber connection's thread, as in Red5.
 */
public class GopSubscriberStream extends PlaylistSubscriberStream {

    @Override
    public void play() throws IOException {
        super.play();
        IScope scope = getScope();
        String name = getBroadcastStreamPublishName();
        if (scope == null || name == null || engine == null) {
            return;
        }
        IBasicScope basic = scope.getBasicScope(ScopeType.BROADCAST, name);
        if (basic instanceof IBroadcastScope bs && bs.getClientBroadcastStream() instanceof GopCachingBroadcastStream gop) {
            gop.subscriberReady(engine);
        }
    }
}
