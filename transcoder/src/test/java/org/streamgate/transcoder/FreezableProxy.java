package org.streamgate.transcoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A TCP relay that can stop forwarding while keeping connections open: an input that stalls (test helper). */
final class FreezableProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int upstreamPort;
    private volatile boolean frozen;

    FreezableProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("proxy-accept").start(this::acceptLoop);
    }

    String url() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    void freeze(boolean frozen) {
        this.frozen = frozen;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream;
                try {
                    upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                } catch (IOException e) {
                    client.close();
                    continue;
                }
                Thread.ofPlatform().daemon().start(() -> pump(upstream, client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buf = new byte[16 * 1024];
        try (from; to; InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            while (true) {
                while (frozen) {
                    Thread.sleep(20);
                    if (to.isClosed()) {
                        return;
                    }
                }
                int n = in.read(buf);
                if (n < 0) {
                    return;
                }
                out.write(buf, 0, n);
            }
        } catch (IOException | InterruptedException e) {
            // either side went away
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
