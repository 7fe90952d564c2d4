package org.streamgate.ops.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Debian's nginx in the foreground on loopback, balancing {@code /streams/} round-robin across hls-delivery edges
 * with the {@code location /streams/} block of the operator's {@code ops/nginx/streamgate-edges.conf}, taken
 * verbatim, so the test runs what operators install. Only the upstream's addresses and the listener differ. The
 * access log names the edge that answered each request. Missing nginx fails, never skips.
 */
final class NginxBalancer implements AutoCloseable {

    private static final Path NGINX = Path.of("/usr/sbin/nginx");
    private static final String LOCATION = "location /streams/ {";

    private final Process process;
    private final int port;
    private final Path dir;

    private NginxBalancer(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /** @param edges the edges' ports on 127.0.0.1, in upstream order */
    static NginxBalancer start(Path dir, int port, List<Integer> edges) throws Exception {
        if (!Files.isExecutable(NGINX)) {
            throw new IllegalStateException(NGINX + " is missing: install nginx (scripts/lib/tools.sh)");
        }
        Files.createDirectories(dir);
        Path conf = dir.resolve("nginx.conf");
        String servers = edges.stream()
                .map(p -> "        server 127.0.0.1:" + p + " max_fails=1 fail_timeout=10s;")
                .collect(Collectors.joining("\n"));
        Files.writeString(conf, """
                daemon off;
                master_process off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log info;
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
                """.formatted(dir, servers, port, operatorLocation()));
        Process process = new ProcessBuilder(NGINX.toString(), "-p", dir.toString(), "-c", conf.toString(),
                "-e", dir.resolve("error.log").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        NginxBalancer balancer = new NginxBalancer(process, port, dir);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!balancer.accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                balancer.close();
                throw new IllegalStateException("nginx did not start: " + Files.readString(dir.resolve("nginx.out"))
                        + Files.readString(dir.resolve("error.log")));
            }
            Thread.sleep(50);
        }
        return balancer;
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
        return "http://127.0.0.1:" + port;
    }

    /** One line per request: URI, status, the edge(s) tried and what each answered. */
    List<String> accessLog() throws IOException {
        Path log = dir.resolve("access.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
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
