package org.streamgate.transcoder;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in publisher for tests: an ffmpeg that encodes a test pattern (+ tone) in real time and serves it as
 * MPEG-TS on {@code tcp://127.0.0.1:<port>}. Like an RTMP server with a live publisher, it can be connected to
 * again after a reader dropped (it relaunches its listener), and it can be stopped and restarted.
 */
final class LiveSource implements AutoCloseable {

    private final int port;
    private final boolean audio;
    private volatile boolean running;
    private volatile Process current;
    private Thread loop;

    LiveSource(boolean audio) throws IOException {
        this.port = freePort();
        this.audio = audio;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    synchronized void start() {
        running = true;
        loop = Thread.ofPlatform().daemon().name("live-source-" + port).start(() -> {
            while (running) {
                try {
                    current = new ProcessBuilder(command()).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    current.waitFor();
                } catch (IOException e) {
                    return;
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** The publisher goes away: the listener dies and is not relaunched. */
    synchronized void stop() {
        running = false;
        try {
            Process p = current;
            if (p != null) {
                p.destroyForcibly();
                p.waitFor();
            }
            if (loop != null) {
                loop.interrupt();
                loop.join(5000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private List<String> command() {
        List<String> c = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25"));
        if (audio) {
            c.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"));
        }
        c.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "50",
                "-pix_fmt", "yuv420p"));
        if (audio) {
            c.addAll(List.of("-c:a", "aac", "-b:a", "64k"));
        }
        c.addAll(List.of("-f", "mpegts", "tcp://127.0.0.1:" + port + "?listen=1"));
        return c;
    }
}
