package org.streamgate.ops.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx in the foreground on loopback in front of one hls-delivery, with the {@code location} blocks of the
 * {@code media.example.com} server of the operator's {@code ops/nginx/streamgate.conf} taken verbatim
 * ({@code /streams/} proxied, the {@code internal} X-Accel-Redirect location, {@code /health}, the 404 for the
 * rest). Only the upstream's address, the listener (plain HTTP instead of TLS), the alias (the test's stream root)
 * and the installed path of {@code security-headers.conf} differ. Missing nginx fails, never skips.
 */
final class NginxFront implements AutoCloseable {

    private static final Path NGINX = Path.of("/usr/sbin/nginx");
    private static final String SERVER = "server_name media.example.com;";
    private static final String FIRST_LOCATION = "location /streams/ {";
    /** Where operators install the stream root and the shared snippets; replaced by the test's. */
    private static final String INSTALLED_STREAM_ROOT = "alias /var/lib/streamgate/streams/;";
    private static final String INSTALLED_SNIPPETS = "/etc/streamgate/nginx/";

    private final Process process;
    private final int port;
    private final Path dir;

    private NginxFront(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    static NginxFront start(Path dir, int port, int deliveryPort, Path streamRoot) throws Exception {
        if (!Files.isExecutable(NGINX)) {
            throw new IllegalStateException(NGINX + " is missing: install nginx (scripts/lib/tools.sh)");
        }
        Files.createDirectories(dir);
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, """
                daemon off;
                master_process off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log info;
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
                """.formatted(dir, deliveryPort, port, operatorLocations(streamRoot)));
        Process process = new ProcessBuilder(NGINX.toString(), "-p", dir.toString(), "-c", conf.toString(),
                "-e", dir.resolve("error.log").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        NginxFront front = new NginxFront(process, port, dir);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!front.accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                front.close();
                throw new IllegalStateException("nginx did not start: " + Files.readString(dir.resolve("nginx.out"))
                        + Files.readString(dir.resolve("error.log")));
            }
            Thread.sleep(50);
        }
        return front;
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
        return "http://127.0.0.1:" + port;
    }

    String errorLog() throws IOException {
        Path log = dir.resolve("error.log");
        return Files.exists(log) ? Files.readString(log) : "";
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
