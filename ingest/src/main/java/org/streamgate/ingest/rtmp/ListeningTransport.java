package org.streamgate.ingest.rtmp;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import org.red5.server.net.rtmp.RTMPMinaTransport;

/** Red5's Mina transport, plus what {@code start()} hides: whether the bind worked and on which port. */
final class ListeningTransport extends RTMPMinaTransport {

    boolean isListening() {
        return acceptor != null && acceptor.isActive() && !acceptor.isDisposing();
    }

    int boundPort() {
        if (acceptor == null) {
            return -1;
        }
        SocketAddress local = acceptor.getLocalAddress();
        return local instanceof InetSocketAddress inet ? inet.getPort() : -1;
    }

    @Override
    public void stop() {
        if (acceptor != null) {
            super.stop();
        }
    }
}
