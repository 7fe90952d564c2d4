package org.streamgate.ingest.rtmp;

import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.red5.server.BaseConnection;
import org.red5.server.api.IConnection;
import org.red5.server.api.Red5;
import org.red5.server.api.scope.IBroadcastScope;
import org.red5.server.api.stream.IClientBroadcastStream;
import org.red5.server.api.stream.IClientStream;
import org.red5.server.api.stream.IStreamCapableConnection;
import org.red5.server.net.rtmp.status.StatusCodes;
import org.red5.server.net.rtmp.status.Status;
import org.red5.server.stream.StreamService;
import org.streamgate.common.internalapi.RtmpNotification;
import org.streamgate.common.internalapi.StreamName;
import org.streamgate.ingest.hook.HookDecision;
import org.streamgate.ingest.hook.KeyFingerprint;
import org.streamgate.ingest.hook.PublishHookClient;
import org.streamgate.ingest.http.IngestMetrics;

/**
 * Red5's stream service (bean {@code streamService}) with the publish gate and two fixes.
 * <ul>
 *   <li>{@code publish}: splits {@code key?args}, asks {@code ON_PUBLISH_URL}, and only then lets Red5 publish
 *       under the bare key. A refusal answers {@code NetStream.Publish.BadName} and closes the connection.
 *       An allowed publisher whose key is still held by another connection takes that connection over.</li>
 *   <li>{@code deleteStream}: 1.3.17 never closes a publisher's stream there (it checks a "duty" nobody sets),
 *       so the key stayed taken after the publisher left. This closes every stream, as later Red5 versions do.</li>
 * </ul>
 *
 * <p>Concurrency: Red5 calls {@code publish} on the publishing connection's own receive thread, so the blocking
 * callback delays only that connection. Shared state lives in {@link PublishSessions}.
 */
public final class GatedStreamService extends StreamService {

    private static final System.Logger LOG = System.getLogger(GatedStreamService.class.getName());
    /** Time for the error status to reach the publisher before the socket closes. */
    private static final long REJECT_CLOSE_DELAY_MS = 500;

    private final PublishHookClient hook;
    private final PublishSessions sessions;
    private final IngestMetrics metrics;
    private final ScheduledExecutorService closer;

    GatedStreamService(PublishHookClient hook, PublishSessions sessions, IngestMetrics metrics,
                       ScheduledExecutorService closer) {
        this.hook = hook;
        this.sessions = sessions;
        this.metrics = metrics;
        this.closer = closer;
        setStripTypePrefix(false);
        setNameAliasingEnabled(false);
    }

    @Override
    public void publish(String nameWithArgs, String mode) {
        IConnection conn = Red5.getConnectionLocal();
        if (!(conn instanceof IStreamCapableConnection streamConn)) {
            return;
        }
        StreamName streamName = RtmpNotification.splitStreamName(nameWithArgs);
        String key = streamName.name();
        Number streamId = conn.getStreamId();
        if (key.isBlank()) {
            metrics.publishRejected("empty_name");
            sendNetStreamStatus(conn, StatusCodes.NS_PUBLISH_BADNAME, "The stream name may not be empty.", "",
                    Status.ERROR, streamId);
            closeLater(conn);
            return;
        }
        String logId = KeyFingerprint.of(key) + " conn=" + conn.getSessionId();
        RtmpNotification publish = notification(conn, key, streamName.rawArgs());
        long start = System.nanoTime();
        HookDecision decision = hook.authorize(publish);
        long hookMs = (System.nanoTime() - start) / 1_000_000;
        if (!decision.allowed()) {
            metrics.publishRejected(decision.reason());
            LOG.log(System.Logger.Level.WARNING, logId + " publish rejected: " + decision.reason()
                    + (decision.status() > 0 ? " (HTTP " + decision.status() + ")" : "") + " after " + hookMs + " ms");
            sendNetStreamStatus(conn, StatusCodes.NS_PUBLISH_BADNAME, "Publishing refused: " + decision.reason(),
                    key, Status.ERROR, streamId);
            closeLater(conn);
            return;
        }
        takeOverStalePublisher(conn, key, logId);
        super.publish(key, mode);
        IClientStream stream = streamConn.getStreamById(streamId);
        if (stream instanceof IClientBroadcastStream bs && key.equals(bs.getPublishedName()) && isLive(conn, key, bs)) {
            sessions.put(key, new PublishSession(publish, conn.getSessionId(), logId));
            metrics.publishAccepted(decision.reason());
            LOG.log(System.Logger.Level.INFO, logId + " publish accepted (" + decision.reason() + ", hook "
                    + hookMs + " ms) from " + conn.getRemoteAddress());
        } else {
            // Red5 refused it itself (name still taken by a racing publisher) and already told the client.
            metrics.publishRejected("name_in_use");
            LOG.log(System.Logger.Level.WARNING, logId + " publish failed in Red5: key still in use");
            closeLater(conn);
        }
    }

    /** Fixed 1.3.17 {@code deleteStream}: publishers' streams are closed, so their key is released. */
    @Override
    public void deleteStream(IStreamCapableConnection conn, Number streamId) {
        IClientStream stream = conn.getStreamById(streamId);
        if (stream != null) {
            if (stream instanceof IClientBroadcastStream bs && bs.getPublishedName() != null) {
                IBroadcastScope bsScope = getBroadcastScope(((IConnection) conn).getScope(), bs.getPublishedName());
                if (bsScope != null && conn instanceof BaseConnection base) {
                    base.unregisterBasicScope(bsScope);
                }
            }
            stream.close();
        }
        conn.unreserveStreamId(streamId);
    }

    /**
     * The hook has just allowed this key again: a different connection still holding it is stale (OBS reconnects
     * before Red5 notices the old socket is gone). Close it without a publish_done, since the key is live again.
     */
    private void takeOverStalePublisher(IConnection conn, String key, String logId) {
        IBroadcastScope bsScope = getBroadcastScope(conn.getScope(), key);
        if (bsScope == null || bsScope.getProviders().isEmpty()) {
            return;
        }
        IClientBroadcastStream old = bsScope.getClientBroadcastStream();
        IStreamCapableConnection oldConn = old == null ? null : old.getConnection();
        if (oldConn == null || oldConn == conn) {
            return;
        }
        sessions.get(key).ifPresent(s -> sessions.remove(key, s));
        metrics.publisherTakenOver();
        LOG.log(System.Logger.Level.INFO, logId + " takes over from stale conn="
                + ((IConnection) oldConn).getSessionId());
        try {
            deleteStream(oldConn, old.getStreamId());
            ((IConnection) oldConn).close();
        } finally {
            // closing another connection rebinds Red5's thread-local connection
            Red5.setConnectionLocal(conn);
        }
    }

    private boolean isLive(IConnection conn, String key, IClientBroadcastStream bs) {
        IBroadcastScope bsScope = getBroadcastScope(conn.getScope(), key);
        return bsScope != null && bsScope.getClientBroadcastStream() == bs;
    }

    private void closeLater(IConnection conn) {
        closer.schedule(conn::close, REJECT_CLOSE_DELAY_MS, TimeUnit.MILLISECONDS);
    }

    private static RtmpNotification notification(IConnection conn, String key, String rawArgs) {
        Map<String, Object> params = conn.getConnectParams();
        return RtmpNotification.publish(
                param(params, "app"),
                param(params, "flashVer"),
                param(params, "swfUrl"),
                param(params, "tcUrl"),
                param(params, "pageUrl"),
                conn.getRemoteAddress(),
                conn.getSessionId(),
                key,
                rawArgs);
    }

    private static String param(Map<String, Object> params, String name) {
        Object v = params == null ? null : params.get(name);
        return v == null ? "" : v.toString();
    }
}
