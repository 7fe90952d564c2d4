package org.streamgate.ops.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Debian's nginx in the foreground on loopback in front of one hls-delivery, with the {@code location} blocks of the
 * {@code media.example.com} server of the operator's {@code ops/nginx/streamgate.conf} taken verbatim
 * ({@code /streams/} proxied, the {@code internal} X-Accel-Redirect location, {@code /health}, the 404 for the
 * rest). Only the upstream's address, the listener (plain HTTP instead of TLS), the alias (the test's stream root)
 * and the installed path of {@code security-headers.conf} differ.
 */
final class NginxFront implements AutoCloseable {

    private static final String SERVER = "server_name media.example.com;";
    private static final String FIRST_LOCATION = "location /streams/ {";
    /** Where operators install the stream root and the shared snippets; replaced by the test's. */
    private static final String INSTALLED_STREAM_ROOT = "alias /var/lib/streamgate/streams/;";
    private static final String INSTALLED_SNIPPETS = "/etc/streamgate/nginx/";

    private final NginxProcess nginx;

    private NginxFront(NginxProcess nginx) {
        this.nginx = nginx;
    }

    static NginxFront start(Path dir, int port, int deliveryPort, Path streamRoot) throws Exception {
        return new NginxFront(NginxProcess.start(dir, port, """
                events { worker_connections 512; }
                http {
                    log_format front '$request_uri $status upstream=$upstream_addr upstream_status=$upstream_status';
                    access_log %1$s/access.log front;
                    upstream streamgate_delivery {
                        server 127.0.0.1:%2$d;
                        keepalive 16;
                    }
                    server {
                        listen 127.0.0.1:%3$d;
                        %4$s
                    }
                }
                """.formatted(dir, deliveryPort, port, operatorLocations(streamRoot))));
    }

    /**
     * Every {@code location} of the media server block of ops/nginx/streamgate.conf, from {@code location /streams/}
     * to the end of that server block, with the stream root and the snippets' directory of this test.
     */
    static String operatorLocations(Path streamRoot) throws IOException {
        Path root = Path.of(System.getProperty("streamgate.root", ".."));
        String conf = Files.readString(root.resolve("ops/nginx/streamgate.conf"));
        int server = conf.indexOf(SERVER);
        int start = conf.indexOf(FIRST_LOCATION, server);
        if (server < 0 || start < 0) {
            throw new IllegalStateException("ops/nginx/streamgate.conf has no '" + FIRST_LOCATION + "' in the media server");
        }
        int depth = 0;
        int end = start;
        for (int i = start; i < conf.length(); i++) {
            char c = conf.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (depth == 0) {
                    end = i;
                    break;
                }
                depth--;
            }
        }
        String locations = conf.substring(start, end);
        if (!locations.contains(INSTALLED_STREAM_ROOT)) {
            throw new IllegalStateException("ops/nginx/streamgate.conf has no '" + INSTALLED_STREAM_ROOT + "'");
        }
        return locations.replace(INSTALLED_STREAM_ROOT, "alias " + streamRoot.toAbsolutePath() + "/;")
                .replace(INSTALLED_SNIPPETS, root.resolve("ops/nginx").toAbsolutePath().normalize() + "/");
    }

    String url() {
        return nginx.url();
    }

    String errorLog() throws IOException {
        return nginx.errorLog();
    }

    @Override
    public void close() throws InterruptedException {
        nginx.close();
    }
}
