package org.streamgate.ops.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real nginx with Debian's {@code libnginx-mod-rtmp} in the foreground on loopback, configured as an operator
 * would put it in front of the platform: RTMP application {@code live} with {@code on_publish} and
 * {@code on_publish_done} pointing at the platform. nginx-rtmp sends its callbacks as HTTP/1.0, so they go to the
 * platform's {@code RTMP_HOOK_PORT} listener. Missing nginx or module fails, never skips.
 */
final class NginxRtmpServer implements AutoCloseable {

    private static final Path MODULE = Path.of("/usr/lib/nginx/modules/ngx_rtmp_module.so");

    private final NginxProcess nginx;

    private NginxRtmpServer(NginxProcess nginx) {
        this.nginx = nginx;
    }

    /** @param hookUrl where the platform takes nginx-rtmp's HTTP/1.0 callbacks, e.g. {@code http://127.0.0.1:<RTMP_HOOK_PORT>} */
    static NginxRtmpServer start(Path dir, int port, String hookUrl, String internalKey) throws Exception {
        if (!Files.isReadable(MODULE)) {
            throw new IllegalStateException(MODULE + " is missing: install libnginx-mod-rtmp");
        }
        return new NginxRtmpServer(NginxProcess.start(dir, port, """
                load_module %1$s;
                events { worker_connections 64; }
                rtmp {
                    server {
                        listen 127.0.0.1:%2$d;
                        application live {
                            live on;
                            on_publish %3$s/internal/rtmp/on_publish?key=%4$s;
                            on_publish_done %3$s/internal/rtmp/on_publish_done?key=%4$s;
                        }
                    }
                }
                """.formatted(MODULE, port, hookUrl, internalKey)));
    }

    String rtmpUrl(String streamKey) {
        return "rtmp://127.0.0.1:" + nginx.port() + "/live/" + streamKey;
    }

    @Override
    public void close() throws InterruptedException {
        nginx.close();
    }
}
