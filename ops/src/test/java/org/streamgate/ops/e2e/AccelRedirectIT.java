package org.streamgate.ops.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.streamgate.common.token.PlaybackClaims;
import org.streamgate.common.token.PlaybackTokenSigner;
import org.streamgate.common.token.SigningKeys;

/**
 * Segments sent by nginx with {@code X-Accel-Redirect} (hls-delivery's {@code ACCEL_REDIRECT_PREFIX}): Debian's nginx
 * with the operator's media locations of ops/nginx/streamgate.conf ({@link NginxFront}) in front of the real
 * hls-delivery jar in {@code local} mode, on a temporary stream root holding a VOD that real ffmpeg cut into
 * {@code .ts} segments. Through nginx: the segment bytes and headers viewers need, Range and HEAD from nginx,
 * hls-delivery's own refusals, the internal location closed to viewers, playlists rewritten by Java.
 */
class AccelRedirectIT {

    private static final String SECRET = "accel-redirect-it-secret-0123456789abcdefgh";
    private static final String EVENT = "ev-accel";
    private static final String PORTAL = "https://watch.example.com";
    private static final String SEGMENT_CACHE = "private, max-age=31536000, immutable";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static Path base;
    private static Path segment;
    private static String segmentName;
    private static ServiceProcess delivery;
    private static int deliveryPort;
    private static NginxFront nginx;

    @BeforeAll
    static void start() throws Exception {
        base = Files.createTempDirectory("accel-redirect-it");
        Path rendition = Files.createDirectories(base.resolve("streams/" + EVENT + "/720p"));
        cutVod(rendition);
        segmentName = "s+0.ts"; // '+' is encoded in the header: nginx must decode it back
        segment = rendition.resolve(segmentName);
        assertTrue(Files.size(segment) > 10_000, "ffmpeg wrote a segment");

        Path root = Path.of(System.getProperty("streamgate.root", "..")).toAbsolutePath().normalize();
        Path logDir = Path.of(System.getProperty("streamgate.logs", "target/system-test-logs")).resolve("AccelRedirectIT");
        deliveryPort = FreePorts.next();
        delivery = ServiceProcess.start("hls-delivery", root.resolve("hls-delivery/target/streamgate-hls-delivery.jar"),
                Map.of("PORT", String.valueOf(deliveryPort),
                        "STREAM_ROOT", base.resolve("streams").toString(),
                        "PLAYBACK_SIGNING_SECRET", SECRET,
                        "CORS_ALLOWED_ORIGIN", PORTAL,
                        "ACCEL_REDIRECT_PREFIX", "/_streamgate_files/",
                        "HOT_FILE_CACHE_MB", "0"),
                logDir);
        delivery.awaitHealthy("http://127.0.0.1:" + deliveryPort + "/health", START_TIMEOUT);
        nginx = NginxFront.start(logDir.resolve("nginx"), FreePorts.next(), deliveryPort, base.resolve("streams"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
        if (delivery != null) {
            delivery.close();
        }
        if (base != null) {
            try (var files = Files.walk(base)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void segmentComesFromNginxWithTheHeadersViewersNeed() throws Exception {
        double before = offloaded();
        HttpResponse<byte[]> res = get(segmentPath(), "Authorization", "Bearer " + token(EVENT), "Origin", PORTAL);
        assertEquals(200, res.statusCode(), new String(res.body()));
        assertArrayEquals(Files.readAllBytes(segment), res.body());
        assertEquals(List.of("video/mp2t"), res.headers().allValues("Content-Type"));
        assertEquals(List.of(SEGMENT_CACHE), res.headers().allValues("Cache-Control"));
        assertEquals(Optional.of(PORTAL), res.headers().firstValue("Access-Control-Allow-Origin"));
        assertTrue(res.headers().firstValue("Access-Control-Expose-Headers").orElse("").contains("Content-Range"));
        assertEquals(Optional.of("Origin"), res.headers().firstValue("Vary"));
        assertTrue(res.headers().firstValue("ETag").isPresent(), res.headers().toString());
        assertTrue(res.headers().firstValue("Last-Modified").isPresent(), res.headers().toString());
        assertEquals(Optional.of("bytes"), res.headers().firstValue("Accept-Ranges"));
        assertEquals(Optional.of("nosniff"), res.headers().firstValue("X-Content-Type-Options"));
        assertEquals(Optional.empty(), res.headers().firstValue("X-Accel-Redirect"), "nginx consumes the header");
        assertEquals(before + 1, offloaded(), "hls-delivery handed the bytes to nginx");
    }

    @Test
    void rangeHeadAndConditionalRequestsAreNginxs() throws Exception {
        byte[] file = Files.readAllBytes(segment);
        String bearer = "Bearer " + token(EVENT);
        HttpResponse<byte[]> range = get(segmentPath(), "Authorization", bearer, "Range", "bytes=188-1315");
        assertEquals(206, range.statusCode());
        assertEquals(Optional.of("bytes 188-1315/" + file.length), range.headers().firstValue("Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(file, 188, 1316), range.body());
        assertEquals(List.of(SEGMENT_CACHE), range.headers().allValues("Cache-Control"));

        HttpResponse<byte[]> tail = get(segmentPath(), "Authorization", bearer, "Range", "bytes=-100");
        assertEquals(206, tail.statusCode());
        assertArrayEquals(Arrays.copyOfRange(file, file.length - 100, file.length), tail.body());

        HttpResponse<byte[]> head = send("HEAD", segmentPath(), "Authorization", bearer);
        assertEquals(200, head.statusCode());
        assertEquals(Optional.of(Long.toString(file.length)), head.headers().firstValue("Content-Length"));
        assertEquals(0, head.body().length);

        String etag = head.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> again = get(segmentPath(), "Authorization", bearer, "If-None-Match", etag);
        assertEquals(304, again.statusCode());
    }

    @Test
    void queryTokenWorksForSegments() throws Exception {
        HttpResponse<byte[]> res = get(segmentPath() + "?token=" + token(EVENT));
        assertEquals(200, res.statusCode());
        assertArrayEquals(Files.readAllBytes(segment), res.body());
    }

    @Test
    void refusalsAreHlsDeliverysJsonAndCarryNoBytes() throws Exception {
        HttpResponse<byte[]> missing = get(segmentPath());
        assertEquals(401, missing.statusCode());
        assertTrue(new String(missing.body()).startsWith("{\"error\":\"missing_token\""), new String(missing.body()));

        String forged = new PlaybackTokenSigner(SigningKeys.of("an-attacker-secret-that-is-long-enough-1234", null))
                .sign(PlaybackClaims.forSession("code", EVENT, "session", Instant.now(), Duration.ofMinutes(5)));
        HttpResponse<byte[]> bad = get(segmentPath(), "Authorization", "Bearer " + forged);
        assertEquals(403, bad.statusCode());
        assertTrue(new String(bad.body()).startsWith("{\"error\":\"invalid_token\""), new String(bad.body()));

        HttpResponse<byte[]> otherEvent = get(segmentPath(), "Authorization", "Bearer " + token("another-event"));
        assertEquals(403, otherEvent.statusCode());
        assertTrue(new String(otherEvent.body()).startsWith("{\"error\":\"wrong_stream\""), new String(otherEvent.body()));

        HttpResponse<byte[]> absent = get("/streams/" + EVENT + "/720p/s+99.ts", "Authorization", "Bearer " + token(EVENT));
        assertEquals(404, absent.statusCode());
        assertTrue(new String(absent.body()).startsWith("{\"error\":\"not_found\""), new String(absent.body()));
    }

    @Test
    void theInternalLocationIsClosedToViewers() throws Exception {
        for (String path : List.of("/_streamgate_files/" + EVENT + "/720p/s%2B0.ts", "/_streamgate_files/" + EVENT + "/720p/index.m3u8")) {
            HttpResponse<byte[]> res = get(path, "Authorization", "Bearer " + token(EVENT));
            assertEquals(404, res.statusCode(), path);
            assertFalse(new String(res.body()).contains("EXTM3U"), path);
            assertTrue(res.body().length < 1000, path);
        }
    }

    @Test
    void healthIsProxied() throws Exception {
        assertEquals(200, get("/health").statusCode(), "hls-delivery refuses nginx's default HTTP/1.0 with 505");
    }

    @Test
    void playlistIsServedByJavaWithTheQueryTokenAppended() throws Exception {
        double before = offloaded();
        String token = token(EVENT);
        HttpResponse<byte[]> res = get("/streams/" + EVENT + "/720p/index.m3u8?token=" + token);
        assertEquals(200, res.statusCode());
        String body = new String(res.body());
        assertTrue(body.contains(segmentName + "?token=" + token), body);
        assertEquals(Optional.of("application/vnd.apple.mpegurl"), res.headers().firstValue("Content-Type"));
        assertEquals(Optional.of("private, max-age=86400"), res.headers().firstValue("Cache-Control"));
        assertEquals(before, offloaded(), "playlists are never handed over");
    }

    /** A two-second VOD in one-second segments: {@code index.m3u8}, {@code s+0.ts}, {@code s+1.ts}. */
    private static void cutVod(Path dir) throws Exception {
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-t", "2",
                "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-pix_fmt", "yuv420p",
                "-f", "hls", "-hls_time", "1", "-hls_playlist_type", "vod",
                "-hls_segment_filename", dir.resolve("s+%d.ts").toString(), dir.resolve("index.m3u8").toString())
                .redirectErrorStream(true).redirectOutput(dir.getParent().getParent().resolveSibling("ffmpeg.log").toFile())
                .start();
        assertTrue(ffmpeg.waitFor(60, TimeUnit.SECONDS), "ffmpeg finished");
        assertEquals(0, ffmpeg.exitValue(), "ffmpeg exit code");
    }

    private static String segmentPath() {
        return "/streams/" + EVENT + "/720p/" + segmentName;
    }

    private static String token(String eventId) {
        return new PlaybackTokenSigner(SigningKeys.of(SECRET, null))
                .sign(PlaybackClaims.forSession("code-1", eventId, "session-1", Instant.now(), Duration.ofMinutes(10)));
    }

    private static double offloaded() throws IOException, InterruptedException {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + deliveryPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return text.lines().filter(l -> l.startsWith("delivery_accel_redirects_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        return send("GET", path, headers);
    }

    private static HttpResponse<byte[]> send(String method, String path, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(nginx.url() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
