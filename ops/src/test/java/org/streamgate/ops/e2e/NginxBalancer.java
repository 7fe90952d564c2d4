package org.streamgate.ops.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Debian's nginx in the foreground on loopback, balancing {@code /streams/} round-robin across hls-delivery edges
 * with the {@code location /streams/} block of the operator's {@code ops/nginx/streamgate-edges.conf}, taken
 * verbatim, so the test runs what operators install. Only the upstream's addresses and the listener differ. The
 * access log names the edge that answered each request.
 */
final class NginxBalancer implements AutoCloseable {

    private static final String LOCATION = "location /streams/ {";

    private final NginxProcess nginx;

    private NginxBalancer(NginxProcess nginx) {
        this.nginx = nginx;
    }

    /** @param edges the edges' ports on 127.0.0.1, in upstream order */
    static NginxBalancer start(Path dir, int port, List<Integer> edges) throws Exception {
        String servers = edges.stream()
                .map(p -> "        server 127.0.0.1:" + p + " max_fails=1 fail_timeout=10s;")
                .collect(Collectors.joining("\n"));
        return new NginxBalancer(NginxProcess.start(dir, port, """
                events { worker_connections 512; }
                http {
                    log_format edges '$request_uri $status upstream=$upstream_addr upstream_status=$upstream_status';
                    access_log %1$s/access.log edges;
                    upstream streamgate_edges {
                %2$s
                        keepalive 16;
                    }
                    server {
                        listen 127.0.0.1:%3$d;
                        %4$s
                    }
                }
                """.formatted(dir, servers, port, operatorLocation())));
    }

    /** The {@code location /streams/ { ... }} block of ops/nginx/streamgate-edges.conf (it has no nested braces). */
    static String operatorLocation() throws IOException {
        Path root = Path.of(System.getProperty("streamgate.root", ".."));
        String conf = Files.readString(root.resolve("ops/nginx/streamgate-edges.conf"));
        int start = conf.indexOf(LOCATION);
        int end = conf.indexOf('}', start);
        if (start < 0 || end < 0) {
            throw new IllegalStateException("ops/nginx/streamgate-edges.conf has no '" + LOCATION + "' block");
        }
        return conf.substring(start, end + 1);
    }

    String url() {
        return nginx.url();
    }

    /** One line per request: URI, status, the edge(s) tried and what each answered. */
    List<String> accessLog() throws IOException {
        return nginx.accessLog();
    }

    @Override
    public void close() throws InterruptedException {
        nginx.close();
    }
}
