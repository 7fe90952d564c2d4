package org.streamgate.ingest.rtmp;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.red5.server.net.rtmp.RTMPMinaIoHandler;
import org.streamgate.ingest.http.IngestMetrics;

/**
 * Red5's Mina handler behind a cap on open TCP connections ({@code MAX_CONNECTIONS}). A connection over the cap is
 * closed as soon as it is accepted, before Red5 creates anything for it, and every later event of it is dropped.
 * Connections that never complete the handshake are closed by Red5 after {@code HANDSHAKE_TIMEOUT_MS}, so a flood
 * of silent sockets holds at most {@code MAX_CONNECTIONS} slots for at most that long.
 *
 * <p>Concurrency: Mina calls these methods from its I/O threads; the count is one {@link AtomicInteger}, and the
 * refused mark is a session attribute set before the session is closed.
 */
final class LimitedIoHandler extends RTMPMinaIoHandler {

    private static final System.Logger LOG = System.getLogger(LimitedIoHandler.class.getName());
    private static final String REFUSED = "streamgate.refused";
    private static final String COUNTED = "streamgate.counted";

    private final int maxConnections;
    private final IngestMetrics metrics;
    private final AtomicInteger open = new AtomicInteger();

    LimitedIoHandler(int maxConnections, IngestMetrics metrics) {
        this.maxConnections = maxConnections;
        this.metrics = metrics;
    }

    int openConnections() {
        return open.get();
    }

    @Override
    public void sessionCreated(IoSession session) throws Exception {
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            session.setAttribute(REFUSED, Boolean.TRUE);
            metrics.connectionRefused("max_connections");
            LOG.log(System.Logger.Level.WARNING, "connection from " + session.getRemoteAddress()
                    + " refused: MAX_CONNECTIONS (" + maxConnections + ") reached");
            session.closeNow();
            return;
        }
        session.setAttribute(COUNTED, Boolean.TRUE);
        super.sessionCreated(session);
    }

    @Override
    public void sessionOpened(IoSession session) throws Exception {
        if (!refused(session)) {
            super.sessionOpened(session);
        }
    }

    @Override
    public void messageReceived(IoSession session, Object message) throws Exception {
        if (!refused(session)) {
            super.messageReceived(session, message);
        }
    }

    @Override
    public void sessionIdle(IoSession session, IdleStatus status) throws Exception {
        if (!refused(session)) {
            super.sessionIdle(session, status);
        }
    }

    @Override
    public void exceptionCaught(IoSession session, Throwable cause) throws Exception {
        if (!refused(session)) {
            super.exceptionCaught(session, cause);
        }
    }

    @Override
    public void sessionClosed(IoSession session) throws Exception {
        if (refused(session)) {
            return;
        }
        if (session.removeAttribute(COUNTED) != null) {
            open.decrementAndGet();
        }
        super.sessionClosed(session);
    }

    private static boolean refused(IoSession session) {
        return session.containsAttribute(REFUSED);
    }
}
