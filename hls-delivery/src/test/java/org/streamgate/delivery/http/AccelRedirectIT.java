package org.streamgate.delivery.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.streamgate.delivery.DeliveryConfig;
import org.streamgate.delivery.DeliveryServer;
import org.streamgate.delivery.TestStreams;

/**
 * {@code ACCEL_REDIRECT_PREFIX} over a real socket: an admitted segment on disk comes back empty with the
 * {@code X-Accel-Redirect} header built from the resolved file; playlists, files that fail a check and files not on
 * disk are answered exactly as without the prefix. The hot-file cache is on, to show the offload comes first.
 */
class AccelRedirectIT {

    private static final String PREFIX = "/_streamgate_files/";
    private static final String PORTAL = "https://portal.example.com";
    private static final TestStreams STREAMS = TestStreams.create();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static DeliveryServer server;

    @BeforeAll
    static void start() throws IOException {
        Path rendition = STREAMS.root.resolve(TestStreams.EVENT + "/720p");
        Files.write(rendition.resolve("a+b@c,1.ts"), TestStreams.SEGMENT_1);
        Files.createSymbolicLink(rendition.resolve("alias.ts"), Path.of("0.ts"));
        Map<String, String> env = STREAMS.env();
        env.put("ACCEL_REDIRECT_PREFIX", PREFIX);
        env.put("HOT_FILE_CACHE_MB", "16");
        server = DeliveryServer.start(DeliveryConfig.from(env));
    }

    @AfterAll
    static void stop() {
        server.close();
        STREAMS.delete();
    }

    @Test
    void admittedSegmentIsHandedToNginxWithAnEmptyBodyAndTheSegmentHeaders() throws Exception {
        HttpResponse<byte[]> res = send("GET", "/streams/ev1/720p/0.ts", TestStreams.token("ev1"));
        assertEquals(200, res.statusCode());
        assertEquals(0, res.body().length);
        assertEquals(Optional.of(PREFIX + "ev1/720p/0.ts"), res.headers().firstValue(AccelRedirect.HEADER));
        assertEquals(Optional.of("video/mp2t"), res.headers().firstValue("Content-Type"));
        assertEquals(Optional.of(StreamService.CACHE_SEGMENT), res.headers().firstValue("Cache-Control"));
        assertEquals(Optional.of(PORTAL), res.headers().firstValue("Access-Control-Allow-Origin"));
    }

    @Test
    void headAndQueryTokensAreHandedOverToo() throws Exception {
        HttpResponse<byte[]> head = send("HEAD", "/streams/ev1/720p/1.ts", TestStreams.token("ev1"));
        assertEquals(200, head.statusCode());
        assertEquals(Optional.of(PREFIX + "ev1/720p/1.ts"), head.headers().firstValue(AccelRedirect.HEADER));
        HttpResponse<byte[]> query = send("GET", "/streams/ev1/720p/1.ts?token=" + TestStreams.token("ev1"), null);
        assertEquals(Optional.of(PREFIX + "ev1/720p/1.ts"), query.headers().firstValue(AccelRedirect.HEADER));
    }

    @Test
    void everyNameIsPercentEncodedAndEncodedRequestsMapToTheDecodedFile() throws Exception {
        String expected = PREFIX + "ev1/720p/a%2Bb%40c%2C1.ts";
        assertEquals(Optional.of(expected), send("GET", "/streams/ev1/720p/a+b@c,1.ts", TestStreams.token("ev1"))
                .headers().firstValue(AccelRedirect.HEADER));
        assertEquals(Optional.of(expected), send("GET", "/streams/ev1/720p/a%2Bb%40c%2C1.ts", TestStreams.token("ev1"))
                .headers().firstValue(AccelRedirect.HEADER));
    }

    @Test
    void theHeaderNamesTheResolvedFileNotTheRequestedName() throws Exception {
        HttpResponse<byte[]> res = send("GET", "/streams/ev1/720p/alias.ts", TestStreams.token("ev1"));
        assertEquals(Optional.of(PREFIX + "ev1/720p/0.ts"), res.headers().firstValue(AccelRedirect.HEADER));
    }

    @Test
    void playlistsAreServedByJava() throws Exception {
        HttpResponse<byte[]> res = send("GET", "/streams/ev1/720p/index.m3u8", TestStreams.token("ev1"));
        assertEquals(200, res.statusCode());
        assertEquals(Optional.empty(), res.headers().firstValue(AccelRedirect.HEADER));
        assertEquals(TestStreams.LIVE, new String(res.body()));
    }

    @Test
    void failedChecksAnswerAsBeforeWithoutTheHeader() throws Exception {
        String token = TestStreams.token("ev1");
        assertRefused(401, send("GET", "/streams/ev1/720p/0.ts", null));
        assertRefused(403, send("GET", "/streams/ev1/720p/0.ts", TestStreams.token("ev2")));
        assertRefused(403, send("GET", "/streams/ev1/720p/0.ts",
                TestStreams.sign(TestStreams.OTHER_SECRET, org.streamgate.common.token.PlaybackClaims.forSession(
                        "code-1", "ev1", "session-1", TestStreams.NOW.minusSeconds(60), java.time.Duration.ofMinutes(10)))));
        assertRefused(404, send("GET", "/streams/ev1/720p/missing.ts", token));
        assertRefused(404, send("GET", "/streams/ev1/720p/escape.ts", token));
        assertRefused(404, send("GET", "/streams/ev1/720p/sibling.ts", token));
        assertRefused(404, send("GET", "/streams/ev1/720p/notes.txt", token));
        assertRefused(400, send("GET", "/streams/ev1/720p/..%2f..%2fsecret.ts", token));
        assertRefused(400, send("GET", "/streams/ev1/.hidden.ts", token));
    }

    @Test
    void offloadedResponsesAreCounted() throws Exception {
        double before = metric("delivery_accel_redirects_total");
        send("GET", "/streams/ev1/720p/0.ts", TestStreams.token("ev1"));
        send("GET", "/streams/ev1/720p/missing.ts", TestStreams.token("ev1"));
        assertEquals(before + 1, metric("delivery_accel_redirects_total"));
    }

    private static void assertRefused(int status, HttpResponse<byte[]> res) {
        assertEquals(status, res.statusCode(), new String(res.body()));
        assertEquals(Optional.empty(), res.headers().firstValue(AccelRedirect.HEADER));
        assertTrue(new String(res.body()).startsWith("{\"error\":"), new String(res.body()));
    }

    private static HttpResponse<byte[]> send(String method, String path, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Origin", PORTAL);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static double metric(String name) throws IOException, InterruptedException {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return text.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
