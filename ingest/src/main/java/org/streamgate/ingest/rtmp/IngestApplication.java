package org.streamgate.ingest.rtmp;

import java.util.Set;

import org.red5.server.adapter.MultiThreadedApplicationAdapter;
import org.red5.server.api.IConnection;
import org.red5.server.api.service.IServiceCall;
import org.red5.server.api.stream.IBroadcastStream;
import org.streamgate.ingest.hook.PublishHookClient;
import org.streamgate.ingest.http.IngestMetrics;

/**
 * The {@code live} application (bean {@code web.handler}). Sends {@code publish_done} when an accepted publisher's
 * stream closes, whatever closed it (unpublish, deleteStream, disconnect, inactivity), and refuses RTMP calls
 * to anything but the few methods encoders send, so clients cannot invoke the adapter's public methods.
 */
public final class IngestApplication extends MultiThreadedApplicationAdapter {

    private static final System.Logger LOG = System.getLogger(IngestApplication.class.getName());
    private static final Set<String> ALLOWED_CALLS = Set.of("FCPublish", "FCUnpublish", "FCSubscribe",
            "getStreamLength", "checkBandwidth", "releaseStream");

    private final PublishSessions sessions;
    private final PublishHookClient hook;
    private final IngestMetrics metrics;

    IngestApplication(PublishSessions sessions, PublishHookClient hook, IngestMetrics metrics,
                      PlayAllowList playAllowList) {
        this.sessions = sessions;
        this.hook = hook;
        this.metrics = metrics;
        registerStreamPlaybackSecurity(playAllowList);
    }

    @Override
    public boolean serviceCall(IConnection conn, IServiceCall call) {
        return call.getServiceName() == null && ALLOWED_CALLS.contains(call.getServiceMethodName());
    }

    @Override
    public void streamBroadcastClose(IBroadcastStream stream) {
        String key = stream.getPublishedName();
        if (key == null) {
            return;
        }
        sessions.get(key).ifPresent(session -> {
            if (stream instanceof org.red5.server.api.stream.IClientBroadcastStream cbs
                    && cbs.getConnection() instanceof IConnection c
                    && !c.getSessionId().equals(session.connectionId())) {
                return; // an older stream of a connection that was taken over
            }
            if (sessions.remove(key, session)) {
                metrics.publishDone();
                LOG.log(System.Logger.Level.INFO, session.logId() + " publisher left");
                hook.notifyDone(session.publishDone(), session.logId());
            }
        });
    }
}
