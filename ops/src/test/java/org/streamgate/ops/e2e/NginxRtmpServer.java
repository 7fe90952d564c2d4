package org.streamgate.ops.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx with Debian's {@code libnginx-mod-rtmp} in the foreground on loopback, configured as an operator
 * would put it in front of the platform: RTMP application {@code live} with {@code on_publish} and
 * {@code on_publish_done} pointing at the platform. nginx-rtmp sends its callbacks as HTTP/1.0, so they go to the
 * platform's {@code RTMP_HOOK_PORT} listener. Missing nginx or module fails, never skips.
 */
final class NginxRtmpServer implements AutoCloseable {

    private static final Path MODULE = Path.of("/usr/lib/nginx/modules/ngx_rtmp_module.so");

    private final Process process;
    private final int port;

    private NginxRtmpServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** @param hookUrl where the platform takes nginx-rtmp's HTTP/1.0 callbacks, e.g. {@code http://127.0.0.1:<RTMP_HOOK_PORT>} */
    static NginxRtmpServer start(Path dir, int port, String hookUrl, String internalKey) throws Exception {
        if (!Files.isReadable(MODULE)) {
            throw new IllegalStateException(MODULE + " is missing: install libnginx-mod-rtmp");
        }
        Files.createDirectories(dir);
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, """
                load_module %1$s;
                daemon off;
                master_process off;
                pid %2$s/nginx.pid;
                error_log %2$s/error.log info;
                events { worker_connections 64; }
                rtmp {
                    server {
                        listen 127.0.0.1:%3$d;
                        application live {
                            live on;
                            on_publish %4$s/internal/rtmp/on_publish?key=%5$s;
                            on_publish_done %4$s/internal/rtmp/on_publish_done?key=%5$s;
                        }
                    }
                }
                """.formatted(MODULE, dir, port, hookUrl, internalKey));
        Process process = new ProcessBuilder("nginx", "-p", dir.toString(), "-c", conf.toString(),
                "-e", dir.resolve("error.log").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        NginxRtmpServer server = new NginxRtmpServer(process, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!server.accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IllegalStateException("nginx-rtmp did not start: "
                        + Files.readString(dir.resolve("nginx.out")));
            }
            Thread.sleep(50);
        }
        return server;
    }

    String rtmpUrl(String streamKey) {
        return "rtmp://127.0.0.1:" + port + "/live/" + streamKey;
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
