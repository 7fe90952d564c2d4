package org.streamgate.ops.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx in the foreground (no daemon, no master process) on loopback, with a configuration of the test's
 * own in its own directory: pid file, logs and temp files stay there. {@link #start} returns once the port accepts
 * connections. Missing nginx fails, never skips.
 */
final class NginxProcess implements AutoCloseable {

    private static final Path NGINX = Path.of("/usr/sbin/nginx");
    private static final long START_TIMEOUT_SECONDS = 10;

    private final Process process;
    private final int port;
    private final Path dir;

    private NginxProcess(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /**
     * @param main the main-context directives after {@code daemon}, {@code master_process}, {@code pid} and
     *             {@code error_log}, which are set here: {@code events}, {@code http} or {@code rtmp}, modules
     */
    static NginxProcess start(Path dir, int port, String main) throws Exception {
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
                """.formatted(dir) + main);
        Process process = new ProcessBuilder(NGINX.toString(), "-p", dir.toString(), "-c", conf.toString(),
                "-e", dir.resolve("error.log").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        NginxProcess nginx = new NginxProcess(process, port, dir);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (!nginx.accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                nginx.close();
                throw new IllegalStateException("nginx did not start: " + read(dir.resolve("nginx.out"))
                        + read(dir.resolve("error.log")));
            }
            Thread.sleep(50);
        }
        return nginx;
    }

    int port() {
        return port;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    String errorLog() throws IOException {
        return read(dir.resolve("error.log"));
    }

    /** The lines of {@code access.log} in the test's directory, if the configuration writes one there. */
    List<String> accessLog() throws IOException {
        Path log = dir.resolve("access.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
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
