package org.streamgate.delivery.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.streamgate.delivery.DeliveryConfig;
import org.streamgate.delivery.DeliveryServer;
import org.streamgate.delivery.TestStreams;

/** Proxy and hybrid mode end to end: delivery in front of a real local origin server. */
class ProxyModeIT {

    private static final String TOKEN = TestStreams.token(TestStreams.EVENT);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final TestStreams originFiles = TestStreams.create();
    private final TestStreams localFiles = TestStreams.create();
    private FakeOrigin origin;
    private DeliveryServer gatedOrigin;
    private DeliveryServer delivery;

    @AfterEach
    void stop() {
        if (delivery != null) {
            delivery.close();
        }
        if (gatedOrigin != null) {
            gatedOrigin.close();
        }
        if (origin != null) {
            origin.close();
        }
        originFiles.delete();
        localFiles.delete();
    }

    private void start(String mode, String upstream, Map<String, String> extra) {
        Map<String, String> env = localFiles.env();
        env.put("DELIVERY_MODE", mode);
        env.put("UPSTREAM_ORIGIN", upstream);
        env.put("SEGMENT_CACHE_ROOT", localFiles.base.resolve("cache").toString());
        env.put("UPSTREAM_TIMEOUT_MS", "1000");
        env.putAll(extra);
        if (mode.equals("proxy")) {
            env.remove("STREAM_ROOT");
        }
        delivery = DeliveryServer.start(DeliveryConfig.from(env));
    }

    /** A request carrying the token in the URL (as native players send it), no {@code Authorization} header. */
    private HttpResponse<byte[]> getWithQueryToken(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + delivery.port() + path + "?token=" + TOKEN))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + delivery.port() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + TOKEN);
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void secondRequestIsServedFromTheCache() throws Exception {
        origin = new FakeOrigin(originFiles.root);
        start("proxy", origin.url(), Map.of());
        HttpResponse<byte[]> first = get("/streams/ev1/720p/0.ts");
        HttpResponse<byte[]> second = get("/streams/ev1/720p/0.ts");
        assertEquals(200, first.statusCode());
        assertEquals(200, second.statusCode());
        assertEquals("video/mp2t", second.headers().firstValue("Content-Type").orElseThrow());
        assertArrayEquals(TestStreams.SEGMENT_0, first.body());
        assertArrayEquals(TestStreams.SEGMENT_0, second.body());
        assertEquals(1, origin.requests("ev1/720p/0.ts"));
        HttpResponse<byte[]> range = get("/streams/ev1/720p/0.ts", "Range", "bytes=10-19");
        assertEquals(206, range.statusCode());
        assertArrayEquals(Arrays.copyOfRange(TestStreams.SEGMENT_0, 10, 20), range.body());
        String metrics = metrics();
        assertTrue(java.util.regex.Pattern.compile("delivery_cache_hits_total\\{[^}]*} 2.0").matcher(metrics).find(), metrics);
        assertTrue(metrics.contains("delivery_upstream_latency"), metrics);
    }

    @Test
    void segmentsCompleteInTheDiskCacheAreServedFromMemory() throws Exception {
        origin = new FakeOrigin(originFiles.root);
        start("proxy", origin.url(), Map.of("HOT_FILE_CACHE_MB", "16"));
        assertArrayEquals(TestStreams.SEGMENT_0, get("/streams/ev1/720p/0.ts").body());
        // a file is taken into memory once its modification time lies safely in the past (HotFileCache.RACY_WINDOW)
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (hotFileHits() == 0) {
            assertTrue(System.nanoTime() < deadline, "never served from memory:\n" + metrics());
            HttpResponse<byte[]> again = get("/streams/ev1/720p/0.ts");
            assertEquals(200, again.statusCode());
            assertArrayEquals(TestStreams.SEGMENT_0, again.body());
        }
        HttpResponse<byte[]> fromMemory = get("/streams/ev1/720p/0.ts");
        assertEquals(200, fromMemory.statusCode());
        assertEquals("video/mp2t", fromMemory.headers().firstValue("Content-Type").orElseThrow());
        assertArrayEquals(TestStreams.SEGMENT_0, fromMemory.body());
        HttpResponse<byte[]> range = get("/streams/ev1/720p/0.ts", "Range", "bytes=10-19");
        assertEquals(206, range.statusCode());
        assertArrayEquals(Arrays.copyOfRange(TestStreams.SEGMENT_0, 10, 20), range.body());
        assertTrue(hotFileHits() >= 3, metrics());
        assertEquals(1, origin.requests("ev1/720p/0.ts"));
    }

    private String metrics() throws IOException, InterruptedException {
        return new String(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + delivery.port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body());
    }

    private double hotFileHits() throws IOException, InterruptedException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("delivery_hot_file_hits_total(?:\\{[^}]*})? ([0-9.E]+)")
                .matcher(metrics());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void fiftyConcurrentRequestsShareOneUpstreamFetchAndAllGetTheWholeFile() throws Exception {
        origin = new FakeOrigin(originFiles.root);
        origin.slow("ev1/720p/1.ts", Duration.ofMillis(40));
        start("proxy", origin.url(), Map.of());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<byte[]>>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return get("/streams/ev1/720p/1.ts");
                }));
            }
            go.countDown();
            for (Future<HttpResponse<byte[]>> f : results) {
                HttpResponse<byte[]> res = f.get();
                assertEquals(200, res.statusCode());
                assertArrayEquals(TestStreams.SEGMENT_1, res.body());
            }
        }
        assertEquals(1, origin.requests("ev1/720p/1.ts"));
    }

    @Test
    void rangeWhileTheDownloadIsStillRunning() throws Exception {
        origin = new FakeOrigin(originFiles.root);
        origin.slow("ev1/720p/1.ts", Duration.ofMillis(30));
        start("proxy", origin.url(), Map.of());
        HttpResponse<byte[]> res = get("/streams/ev1/720p/1.ts", "Range", "bytes=2500-2599");
        assertEquals(206, res.statusCode());
        assertArrayEquals(Arrays.copyOfRange(TestStreams.SEGMENT_1, 2500, 2600), res.body());
    }

    @Test
    void deadOriginIs502Quickly() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        start("proxy", "http://127.0.0.1:" + port, Map.of());
        long t0 = System.nanoTime();
        HttpResponse<byte[]> segment = get("/streams/ev1/720p/0.ts");
        HttpResponse<byte[]> playlist = get("/streams/ev1/720p/index.m3u8");
        assertEquals(502, segment.statusCode());
        assertEquals(502, playlist.statusCode());
        assertTrue(new String(segment.body()).contains("\"error\":\"upstream_error\""));
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos());
    }

    @Test
    void hangingOriginNeverHangsTheViewer() throws Exception {
        origin = new FakeOrigin(originFiles.root);
        origin.hang("ev1/720p/1.ts");
        start("proxy", origin.url(), Map.of());
        long t0 = System.nanoTime();
        try {
            HttpResponse<byte[]> res = get("/streams/ev1/720p/1.ts");
            assertTrue(res.body().length < TestStreams.SEGMENT_1.length, "never a complete body from a broken download");
        } catch (IOException expected) {
            // the connection is cut once the download is abandoned: the player retries
        }
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos());

        origin.hang("ev1/720p/index.m3u8");
        t0 = System.nanoTime();
        HttpResponse<byte[]> playlist = get("/streams/ev1/720p/index.m3u8");
        assertEquals(502, playlist.statusCode(), "a playlist is read whole before it is sent, so a stall is a clean 502");
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos());
    }

    @Test
    void upstreamMissingFileIs404() throws Exception {
        origin = new FakeOrigin(originFiles.root);
        start("proxy", origin.url(), Map.of());
        assertEquals(404, get("/streams/ev1/720p/77.ts").statusCode());
        assertEquals(404, get("/streams/ev1/720p/missing.m3u8").statusCode());
    }

    @Test
    void endedPlaylistsAreCachedLivePlaylistsRefreshWithinASecond() throws Exception {
        origin = new FakeOrigin(originFiles.root);
        start("proxy", origin.url(), Map.of());
        assertEquals(200, get("/streams/ev1/vod/index.m3u8").statusCode());
        assertEquals(200, get("/streams/ev1/vod/index.m3u8").statusCode());
        assertEquals(1, origin.requests("ev1/vod/index.m3u8"));

        HttpResponse<byte[]> live = get("/streams/ev1/720p/index.m3u8");
        assertEquals("no-cache", live.headers().firstValue("Cache-Control").orElseThrow());
        Path playlist = originFiles.root.resolve("ev1/720p/index.m3u8");
        Files.writeString(playlist, TestStreams.LIVE + "#EXTINF:2.000,\n2.ts\n");
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        String body;
        do {
            body = new String(get("/streams/ev1/720p/index.m3u8").body());
            if (!body.contains("2.ts")) {
                Thread.sleep(20);
            }
        } while (!body.contains("2.ts") && System.nanoTime() < deadline);
        assertTrue(body.contains("2.ts"), "a live playlist is never older than about a second");
    }

    @Test
    void hybridServesLocalFilesAndFetchesTheRest() throws Exception {
        origin = new FakeOrigin(originFiles.root);
        Files.write(originFiles.root.resolve("ev1/720p/5.ts"), TestStreams.SEGMENT_1);
        start("hybrid", origin.url(), Map.of());
        assertArrayEquals(TestStreams.SEGMENT_0, get("/streams/ev1/720p/0.ts").body());
        assertEquals(0, origin.requests("ev1/720p/0.ts"));
        assertArrayEquals(TestStreams.SEGMENT_1, get("/streams/ev1/720p/5.ts").body());
        assertEquals(1, origin.requests("ev1/720p/5.ts"));
        assertEquals(403, get("/streams/ev2/720p/5.ts").statusCode(), "the token still decides before any upstream fetch");
        assertEquals(0, origin.requests("ev2/720p/5.ts"));
    }

    @Test
    void viewerTokensAreNotForwardedUpstreamByDefault() throws Exception {
        origin = new FakeOrigin(originFiles.root);
        start("proxy", origin.url(), Map.of());
        assertEquals(200, get("/streams/ev1/720p/0.ts").statusCode());
        assertEquals(200, getWithQueryToken("/streams/ev1/720p/index.m3u8").statusCode());
        assertEquals("", origin.authorization("ev1/720p/0.ts"));
        assertEquals("", origin.authorization("ev1/720p/index.m3u8"));
        assertEquals("", origin.query("ev1/720p/index.m3u8"), "nor in the URL");
    }

    @Test
    void forwardedTokenTravelsAsABearerHeaderNeverInTheUrl() throws Exception {
        origin = new FakeOrigin(originFiles.root);
        start("proxy", origin.url(), Map.of("UPSTREAM_FORWARD_TOKEN", "true"));
        assertEquals(200, getWithQueryToken("/streams/ev1/720p/0.ts").statusCode());
        assertEquals(200, getWithQueryToken("/streams/ev1/720p/index.m3u8").statusCode());
        assertEquals("Bearer " + TOKEN, origin.authorization("ev1/720p/0.ts"));
        assertEquals("Bearer " + TOKEN, origin.authorization("ev1/720p/index.m3u8"));
        assertEquals("", origin.query("ev1/720p/0.ts"));
        assertEquals("", origin.query("ev1/720p/index.m3u8"));
    }

    @Test
    void upstreamRefusalIs502AndNeverCached() throws Exception {
        origin = new FakeOrigin(originFiles.root);
        start("proxy", origin.url(), Map.of("UPSTREAM_FORWARD_TOKEN", "true"));
        for (String key : List.of("ev1/720p/0.ts", "ev1/720p/index.m3u8")) {
            origin.answer(key, 403);
            HttpResponse<byte[]> refused = get("/streams/" + key);
            assertEquals(502, refused.statusCode(), key);
            assertTrue(new String(refused.body()).contains("\"error\":\"upstream_refused\""), new String(refused.body()));
            origin.answer(key, 401);
            assertEquals(502, get("/streams/" + key).statusCode(), key);

            origin.answerNormally(key);
            assertEquals(200, get("/streams/" + key).statusCode(), key + ": a refusal is not remembered");
            assertEquals(3, origin.requests(key), key);
        }
        assertArrayEquals(TestStreams.SEGMENT_0, get("/streams/ev1/720p/0.ts").body());
        assertEquals(3, origin.requests("ev1/720p/0.ts"), "the good copy is cached as usual");
    }

    @Test
    void edgePullsFromAGatedStreamGateOriginOnlyWhenItForwardsTheToken() throws Exception {
        Map<String, String> originEnv = originFiles.env();
        gatedOrigin = DeliveryServer.start(DeliveryConfig.from(originEnv));
        String upstream = "http://127.0.0.1:" + gatedOrigin.port() + "/streams/";

        start("proxy", upstream, Map.of());
        HttpResponse<byte[]> refused = get("/streams/ev1/720p/0.ts");
        assertEquals(502, refused.statusCode(), "the origin answers 401 to a request without a token");
        assertTrue(new String(refused.body()).contains("upstream_refused"), new String(refused.body()));
        delivery.close();
        delivery = null;

        start("proxy", upstream, Map.of("UPSTREAM_FORWARD_TOKEN", "true"));
        assertArrayEquals(TestStreams.SEGMENT_0, get("/streams/ev1/720p/0.ts").body());
        String playlist = new String(getWithQueryToken("/streams/ev1/720p/index.m3u8").body());
        assertTrue(playlist.contains("0.ts?token=" + TOKEN), "the edge rewrites for its own viewer: " + playlist);
        assertEquals(403, get("/streams/ev2/720p/0.ts").statusCode(), "the edge's own gate still decides first");
    }
}
