package org.streamgate.ingest.rtmp;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.red5.server.BaseConnection;
import org.red5.server.api.IConnection;
import org.red5.server.api.Red5;
import org.red5.server.api.scope.IBroadcastScope;
import org.red5.server.api.stream.IClientBroadcastStream;
import org.red5.server.api.stream.IClientStream;
import org.red5.server.api.stream.IStreamCapableConnection;
import org.red5.server.net.rtmp.RTMPMinaConnection;
import org.red5.server.net.rtmp.status.StatusCodes;
import org.red5.server.net.rtmp.status.Status;
import org.red5.server.stream.ClientBroadcastStream;
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
 *   <li>{@code publish}: splits {@code key?args} at the first {@code ?} itself (Red5 1.3.17's own split throws on
 *       {@code key?flag} and mangles {@code a=b=c}), asks {@code ON_PUBLISH_URL} with the args forwarded raw, and only
 *       then lets Red5 publish under the bare key, or under the callback's 3xx rename. Red5 never sees the args.
 *       A refusal answers {@code NetStream.Publish.BadName} with the reason and closes the connection shortly after,
 *       so the encoder shows why instead of silently looping. An allowed publisher whose name is still held by
 *       another connection takes that connection over at once. {@code MAX_PUBLISHERS} is checked before the
 *       callback and again after it (a soft cap: two racing publishes may both pass).</li>
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
    private static final String MAX_PUBLISHERS = "max_publishers";
    /** nginx-rtmp keeps {@code flashVer} in 32 bytes and URLs in 256, NUL included. */
    private static final int NGINX_FLASHVER_BYTES = 31;
    private static final int NGINX_URL_BYTES = 255;

    private final PublishHookClient hook;
    private final PublishSessions sessions;
    private final IngestMetrics metrics;
    private final ScheduledExecutorService closer;
    private final int maxPublishers;
    private final LongSupplier nanoClock;

    GatedStreamService(PublishHookClient hook, PublishSessions sessions, IngestMetrics metrics,
                       ScheduledExecutorService closer, int maxPublishers, LongSupplier nanoClock) {
        this.hook = hook;
        this.sessions = sessions;
        this.metrics = metrics;
        this.closer = closer;
        this.maxPublishers = maxPublishers;
        this.nanoClock = nanoClock;
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
        if (atPublisherLimit(key)) {
            reject(conn, streamId, key, logId, MAX_PUBLISHERS, "MAX_PUBLISHERS reached");
            return;
        }
        RtmpNotification publish = notification(conn, key, streamName.rawArgs());
        long start = nanoClock.getAsLong();
        HookDecision decision = hook.authorize(publish);
        long hookMs = (nanoClock.getAsLong() - start) / 1_000_000;
        if (!decision.allowed()) {
            reject(conn, streamId, key, logId, decision.reason(), (decision.status() > 0
                    ? "HTTP " + decision.status() + " " : "") + "after " + hookMs + " ms");
            return;
        }
        String publishedName = decision.rename().orElse(key);
        if (!publishedName.equals(key)) {
            logId = logId + " renamed=" + KeyFingerprint.of(publishedName);
            if (atPublisherLimit(publishedName)) {
                reject(conn, streamId, key, logId, MAX_PUBLISHERS, "MAX_PUBLISHERS reached");
                return;
            }
        }
        takeOverStalePublisher(conn, publishedName, logId);
        super.publish(publishedName, mode);
        IClientStream stream = streamConn.getStreamById(streamId);
        if (stream instanceof IClientBroadcastStream bs && publishedName.equals(bs.getPublishedName())
                && isLive(conn, publishedName, bs)) {
            LongSupplier bytes = bs instanceof ClientBroadcastStream cbs ? cbs::getBytesReceived : () -> 0L;
            LongSupplier timestamp = bs instanceof ClientBroadcastStream cbs
                    ? () -> Integer.toUnsignedLong(cbs.getCurrentTimestamp()) : () -> 0L;
            long now = nanoClock.getAsLong();
            sessions.put(publishedName, new PublishSession(publish, publishedName, conn.getSessionId(), logId,
                    new MediaMeter(bytes, now), conn::close, now, timestamp));
            metrics.publishAccepted(decision.reason());
            LOG.log(System.Logger.Level.INFO, logId + " publish accepted (" + decision.reason() + ", hook "
                    + hookMs + " ms) from " + conn.getRemoteAddress());
        } else {
            // Red5 refused it itself (name still taken by a racing publisher) and already told the client.
            metrics.publishRejected("name_in_use");
            LOG.log(System.Logger.Level.WARNING, logId + " publish failed in Red5: name still in use");
            closeLater(conn);
        }
    }

    private boolean atPublisherLimit(String name) {
        return sessions.size() >= maxPublishers && sessions.get(name).isEmpty();
    }

    /** Counts and logs the refusal, tells the encoder why (NetStream.Publish.BadName), closes shortly after. */
    private void reject(IConnection conn, Number streamId, String key, String logId, String reason, String detail) {
        metrics.publishRejected(reason);
        LOG.log(System.Logger.Level.WARNING, logId + " publish rejected: " + reason + " (" + detail + ")");
        sendNetStreamStatus(conn, StatusCodes.NS_PUBLISH_BADNAME, "Publishing refused: " + reason, key,
                Status.ERROR, streamId);
        closeLater(conn);
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
                nginxField(param(params, "app"), NGINX_URL_BYTES),
                nginxField(param(params, "flashVer"), NGINX_FLASHVER_BYTES),
                nginxField(param(params, "swfUrl"), NGINX_URL_BYTES),
                nginxField(param(params, "tcUrl"), NGINX_URL_BYTES),
                nginxField(param(params, "pageUrl"), NGINX_URL_BYTES),
                conn.getRemoteAddress(),
                clientId(conn),
                key,
                rawArgs);
    }

    /** nginx-rtmp's fixed-size connect fields: at most {@code maxBytes} UTF-8 bytes, cut at a character boundary. */
    static String nginxField(String value, int maxBytes) {
        if (value.length() <= maxBytes / 4 || value.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return value;
        }
        int bytes = 0;
        int i = 0;
        while (i < value.length()) {
            int cp = value.codePointAt(i);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + len > maxBytes) {
                break;
            }
            bytes += len;
            i += Character.charCount(cp);
        }
        return value.substring(0, i);
    }

    /** Like nginx-rtmp's {@code clientid} (its connection number): Mina's sequential session id, a plain integer. */
    private static String clientId(IConnection conn) {
        if (conn instanceof RTMPMinaConnection mina && mina.getIoSession() != null) {
            return String.valueOf(mina.getIoSession().getId());
        }
        return conn.getSessionId();
    }

    private static String param(Map<String, Object> params, String name) {
        Object v = params == null ? null : params.get(name);
        return v == null ? "" : v.toString();
    }
}
