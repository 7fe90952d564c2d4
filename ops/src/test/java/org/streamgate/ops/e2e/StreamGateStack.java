package org.streamgate.ops.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * All four services on free loopback ports, wired as {@code scripts/run} wires them, with fresh secrets and a
 * fresh embedded PostgreSQL per stack. More hls-delivery nodes (e.g. edges in proxy mode in front of the stack's own
 * node) can be added with {@link #addDelivery(String, Map)}. Closing stops every process and deletes the data dir.
 */
public final class StreamGateStack implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    final String playbackSecret = randomSecret();
    final String internalKey = randomSecret();
    public final String adminToken = randomSecret();
    final int platformPort = FreePorts.next();
    final int deliveryPort = FreePorts.next();
    final int transcoderPort = FreePorts.next();
    final int rtmpPort = FreePorts.next();
    final int ingestHttpPort = FreePorts.next();
    final Path dataDir;
    final Path streamRoot;
    private final Path logDir;
    private final List<ServiceProcess> services = new ArrayList<>();
    /** What every service gets: secrets, the platform's URL, the test's overrides. */
    private final Map<String, String> shared = new HashMap<>();

    /** An extra hls-delivery process on its own port; {@link #kill()} ends it abruptly, as a crashed host would. */
    public record DeliveryNode(String name, int port, ServiceProcess process) {
        public String url() {
            return "http://127.0.0.1:" + port;
        }

        public void awaitHealthy() throws Exception {
            process.awaitHealthy(url() + "/health", START_TIMEOUT);
        }

        public void kill() throws InterruptedException {
            process.kill();
        }
    }

    private StreamGateStack(Path dataDir, Path logDir) {
        this.dataDir = dataDir;
        this.streamRoot = dataDir.resolve("streams");
        this.logDir = logDir;
    }

    /**
     * @param overrides extra environment for every service (e.g. a short reconnect window); {@code {platformUrl}} in a
     *                  value becomes the platform's URL (e.g. for {@code CORS_ALLOWED_ORIGIN}); an
     *                  {@code HLS_SERVER_BASE_URL} here replaces the stack's own hls-delivery as the viewers' address
     */
    public static StreamGateStack start(String testName, Map<String, String> overrides) throws Exception {
        Path dataDir = Files.createTempDirectory("streamgate-" + testName + "-");
        Path logDir = Path.of(System.getProperty("streamgate.logs", "target/system-test-logs")).resolve(testName);
        StreamGateStack stack = new StreamGateStack(dataDir, logDir);
        try {
            stack.startAll(overrides);
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    private void startAll(Map<String, String> overrides) throws Exception {
        Files.createDirectories(streamRoot);
        shared.put("PLAYBACK_SIGNING_SECRET", playbackSecret);
        shared.put("INTERNAL_API_KEY", internalKey);
        shared.put("STREAM_ROOT", streamRoot.toString());
        shared.put("PLATFORM_APP_URL", platformUrl());
        shared.put("RTMP_PORT", String.valueOf(rtmpPort));
        overrides.forEach((key, value) -> shared.put(key, value.replace("{platformUrl}", platformUrl())));

        Map<String, String> platform = new HashMap<>(shared);
        platform.put("PORT", String.valueOf(platformPort));
        platform.put("STREAMGATE_DATA_DIR", dataDir.resolve("platform").toString());
        platform.put("ADMIN_API_TOKEN", adminToken);
        platform.put("ADMIN_PASSWORD", "system-test-password");
        platform.putIfAbsent("HLS_SERVER_BASE_URL", deliveryUrl());
        platform.put("TRANSCODER_URL", "http://127.0.0.1:" + transcoderPort);
        services.add(ServiceProcess.start("platform", jar("platform"), platform, logDir));

        Map<String, String> delivery = new HashMap<>(shared);
        delivery.put("PORT", String.valueOf(deliveryPort));
        services.add(ServiceProcess.start("hls-delivery", jar("hls-delivery"), delivery, logDir));

        Map<String, String> transcoder = new HashMap<>(shared);
        transcoder.put("PORT", String.valueOf(transcoderPort));
        services.add(ServiceProcess.start("transcoder", jar("transcoder"), transcoder, logDir));

        Map<String, String> ingest = new HashMap<>(shared);
        ingest.put("INGEST_HTTP_PORT", String.valueOf(ingestHttpPort));
        ingest.put("ON_PUBLISH_URL", platformUrl() + "/internal/rtmp/on_publish?key=" + internalKey);
        ingest.put("ON_PUBLISH_DONE_URL", platformUrl() + "/internal/rtmp/on_publish_done?key=" + internalKey);
        ingest.put("ON_UPDATE_URL", platformUrl() + "/internal/rtmp/on_update?key=" + internalKey);
        services.add(ServiceProcess.start("ingest", jar("ingest"), ingest, logDir));

        services.get(0).awaitHealthy(platformUrl() + "/health", START_TIMEOUT);
        services.get(1).awaitHealthy(deliveryUrl() + "/health", START_TIMEOUT);
        services.get(2).awaitHealthy("http://127.0.0.1:" + transcoderPort + "/health", START_TIMEOUT);
        services.get(3).awaitHealthy("http://127.0.0.1:" + ingestHttpPort + "/health", START_TIMEOUT);
    }

    /**
     * Starts one more hls-delivery with the stack's secrets and revocation feed plus {@code env} (e.g.
     * {@code DELIVERY_MODE=proxy}); it is stopped with the stack. Returns at once: call
     * {@link DeliveryNode#awaitHealthy()}, so several nodes can start in parallel.
     */
    public DeliveryNode addDelivery(String name, Map<String, String> env) throws IOException {
        int port = FreePorts.next();
        Map<String, String> delivery = new HashMap<>(shared);
        delivery.put("PORT", String.valueOf(port));
        delivery.putAll(env);
        ServiceProcess process = ServiceProcess.start(name, jar("hls-delivery"), delivery, logDir);
        services.add(process);
        return new DeliveryNode(name, port, process);
    }

    /** A fresh directory inside the stack's data dir (deleted with it). */
    public Path newDirectory(String name) throws IOException {
        return Files.createDirectories(dataDir.resolve(name));
    }

    public String platformUrl() {
        return "http://127.0.0.1:" + platformPort;
    }

    public String deliveryUrl() {
        return "http://127.0.0.1:" + deliveryPort;
    }

    public String rtmpUrl(String streamKey) {
        return "rtmp://127.0.0.1:" + rtmpPort + "/live/" + streamKey;
    }

    /** Log tails of every service, for assertion messages. */
    public String logs() {
        StringBuilder all = new StringBuilder();
        for (ServiceProcess service : services) {
            all.append("\n----- ").append(service.log()).append('\n').append(service.logTail());
        }
        return all.toString();
    }

    private static Path jar(String module) {
        Path root = Path.of(System.getProperty("streamgate.root", ".."));
        return root.resolve(module).resolve("target").resolve("streamgate-" + module + ".jar").toAbsolutePath().normalize();
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void close() throws InterruptedException {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
        deleteQuietly(dataDir);
    }

    /** Best effort: a leftover file in /tmp must not fail a test that passed. */
    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }
}
