package org.streamgate.delivery.hotfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.streamgate.delivery.DeliveryConfig;
import org.streamgate.delivery.DeliveryServer;
import org.streamgate.delivery.TestStreams;
import org.streamgate.delivery.http.Representation;
import org.streamgate.delivery.origin.StreamResource;

/**
 * Segments served from the hot-file cache over a real socket, as the server sends them: bodies larger than one
 * {@code send} (headers with the first {@code HEAD_BYTES}, then the rest from the cached array), Range slices on both
 * sides of that split, the same validators as from disk, a rewrite served at once, and files the cache leaves to the
 * disk.
 */
class HotFileServingIT {

    private static final TestStreams STREAMS = TestStreams.create();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Above {@code Representation.InMemory}'s single-send size, below the entry limit of a 16 MB cache. */
    private static final byte[] BIG = bytes(300_000, 3);
    private static final Instant HOUR_AGO = Instant.now().minusSeconds(3600);
    private static Path bigFile;
    private static DeliveryServer server;

    @BeforeAll
    static void start() throws IOException {
        bigFile = STREAMS.root.resolve("ev1/720p/big.ts");
        Files.write(bigFile, BIG);
        Files.setLastModifiedTime(bigFile, FileTime.from(HOUR_AGO));
        Map<String, String> env = STREAMS.env();
        env.put("HOT_FILE_CACHE_MB", "16");
        server = DeliveryServer.start(DeliveryConfig.from(env));
    }

    @AfterAll
    static void stop() {
        server.close();
        STREAMS.delete();
    }

    @Test
    void largeSegmentComesWholeFromMemoryWithTheValidatorsOfTheFile() throws Exception {
        HttpResponse<byte[]> first = get("/streams/ev1/720p/big.ts");
        HttpResponse<byte[]> second = get("/streams/ev1/720p/big.ts");
        for (HttpResponse<byte[]> res : java.util.List.of(first, second)) {
            assertEquals(200, res.statusCode());
            assertArrayEquals(BIG, res.body());
            assertEquals(String.valueOf(BIG.length), res.headers().firstValue("Content-Length").orElseThrow());
            assertEquals(StreamResource.etag(BIG.length, Files.getLastModifiedTime(bigFile).toInstant()),
                    res.headers().firstValue("ETag").orElseThrow());
        }
        assertTrue(metric("delivery_hot_file_hits_total") >= 1, "served from memory");
    }

    @Test
    void rangesAreSlicesOfTheCachedFile() throws Exception {
        get("/streams/ev1/720p/big.ts");
        int head = Representation.InMemory.HEAD_BYTES;
        int[][] ranges = {{0, 99}, {head - 4, head + 16}, {head, head}, {100_000, BIG.length - 1}, {5, 200_000}};
        for (int[] r : ranges) {
            HttpResponse<byte[]> res = get("/streams/ev1/720p/big.ts", "Range", "bytes=" + r[0] + "-" + r[1]);
            assertEquals(206, res.statusCode(), Arrays.toString(r));
            assertEquals("bytes " + r[0] + "-" + r[1] + "/" + BIG.length, res.headers().firstValue("Content-Range").orElseThrow());
            assertArrayEquals(Arrays.copyOfRange(BIG, r[0], r[1] + 1), res.body(), Arrays.toString(r));
        }
        HttpResponse<byte[]> suffix = get("/streams/ev1/720p/big.ts", "Range", "bytes=-70000");
        assertArrayEquals(Arrays.copyOfRange(BIG, BIG.length - 70_000, BIG.length), suffix.body());
        HttpResponse<byte[]> beyond = get("/streams/ev1/720p/big.ts", "Range", "bytes=400000-");
        assertEquals(416, beyond.statusCode());
    }

    @Test
    void rewrittenSegmentIsServedAtOnce() throws Exception {
        Path file = STREAMS.root.resolve("ev1/720p/rewritten.ts");
        Files.write(file, bytes(120_000, 1));
        Files.setLastModifiedTime(file, FileTime.from(HOUR_AGO));
        assertArrayEquals(bytes(120_000, 1), get("/streams/ev1/720p/rewritten.ts").body());
        assertArrayEquals(bytes(120_000, 1), get("/streams/ev1/720p/rewritten.ts").body());
        Files.write(file, bytes(120_000, 2));
        Files.setLastModifiedTime(file, FileTime.from(HOUR_AGO.plusSeconds(2)));
        assertArrayEquals(bytes(120_000, 2), get("/streams/ev1/720p/rewritten.ts").body());
    }

    @Test
    void fileJustWrittenAndFileBeyondTheEntryLimitComeFromDisk() throws Exception {
        Path fresh = STREAMS.root.resolve("ev1/720p/fresh.ts");
        Files.write(fresh, bytes(90_000, 4));
        // "just written" whatever the time the request takes to arrive: modified after the server's clock
        Files.setLastModifiedTime(fresh, FileTime.from(Instant.now().plusSeconds(3600)));
        Path huge = STREAMS.root.resolve("ev1/720p/huge.ts");
        Files.write(huge, bytes(1_200_000, 5));
        Files.setLastModifiedTime(huge, FileTime.from(HOUR_AGO));
        double bypassesBefore = metric("delivery_hot_file_bypasses_total");
        assertArrayEquals(bytes(90_000, 4), get("/streams/ev1/720p/fresh.ts").body());
        assertArrayEquals(bytes(1_200_000, 5), get("/streams/ev1/720p/huge.ts").body());
        HttpResponse<byte[]> range = get("/streams/ev1/720p/huge.ts", "Range", "bytes=1000000-1000009");
        assertArrayEquals(Arrays.copyOfRange(bytes(1_200_000, 5), 1_000_000, 1_000_010), range.body());
        assertEquals(bypassesBefore + 3, metric("delivery_hot_file_bypasses_total"));
    }

    @Test
    void headOfACachedSegmentHasNoBody() throws Exception {
        HttpRequest head = HttpRequest.newBuilder(uri("/streams/ev1/720p/big.ts"))
                .header("Authorization", "Bearer " + TestStreams.token("ev1"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<byte[]> res = HTTP.send(head, HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, res.statusCode());
        assertEquals(String.valueOf(BIG.length), res.headers().firstValue("Content-Length").orElseThrow());
        assertEquals(0, res.body().length);
    }

    private static HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + TestStreams.token("ev1"));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static double metric(String name) throws IOException, InterruptedException {
        String text = HTTP.send(HttpRequest.newBuilder(uri("/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        return text.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static byte[] bytes(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i % 188 == 0 ? 0x47 : i * 13 + seed + (i >> 10));
        }
        return b;
    }
}
