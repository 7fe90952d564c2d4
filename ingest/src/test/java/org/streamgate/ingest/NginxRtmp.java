package org.streamgate.ingest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx with Debian's {@code libnginx-mod-rtmp}, in the foreground, on loopback, with its own config in a
 * temporary directory: RTMP application {@code live} whose {@code on_publish} / {@code on_publish_done} point at the
 * given URLs. Missing nginx or module fails the test (never skips).
 */
final class NginxRtmp implements AutoCloseable {

    static final Path MODULE = Path.of("/usr/lib/nginx/modules/ngx_rtmp_module.so");

    private final Process process;
    private final Path dir;
    private final int port;

    private NginxRtmp(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** Also {@code on_update} every {@code notify_update_timeout 1s}. */
    static NginxRtmp start(Path dir, String onPublishUrl, String onPublishDoneUrl, String onUpdateUrl)
            throws Exception {
        String nginx = Ffmpeg.binary("nginx");
        if (!Files.isReadable(MODULE)) {
            throw new IllegalStateException(MODULE + " is missing: install libnginx-mod-rtmp");
        }
        int port = Ffmpeg.freePort();
        Files.createDirectories(dir);
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, """
                load_module %s;
                daemon off;
                master_process off;
                pid %s;
                error_log %s info;
                events { worker_connections 64; }
                rtmp {
                    server {
                        listen 127.0.0.1:%d;
                        application live {
                            live on;
                            on_publish %s;
                            on_publish_done %s;
                            on_update %s;
                            notify_update_timeout 1s;
                        }
                    }
                }
                """.formatted(MODULE, dir.resolve("nginx.pid"), dir.resolve("error.log"), port, onPublishUrl,
                onPublishDoneUrl, onUpdateUrl));
        Process p = new ProcessBuilder(nginx, "-p", dir.toString(), "-c", conf.toString(),
                "-e", dir.resolve("error.log").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.out").toFile())
                .start();
        NginxRtmp n = new NginxRtmp(p, dir, port);
        boolean up = Ffmpeg.await(Duration.ofSeconds(10), () -> !p.isAlive() || n.accepts());
        if (!up || !p.isAlive()) {
            n.close();
            throw new IllegalStateException("nginx did not start: " + Ffmpeg.tail(dir.resolve("nginx.out"))
                    + Ffmpeg.tail(dir.resolve("error.log")));
        }
        return n;
    }

    int port() {
        return port;
    }

    String errorLog() {
        return Ffmpeg.tail(dir.resolve("error.log"));
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
