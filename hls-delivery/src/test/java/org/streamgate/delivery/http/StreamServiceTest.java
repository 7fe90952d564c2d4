package org.streamgate.delivery.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.streamgate.delivery.DeliveryServer;
import org.streamgate.delivery.TestStreams;

@RoutingTest
class StreamServiceTest {

    private static final TestStreams STREAMS = TestStreams.create();
    private static final String TOKEN = TestStreams.token(TestStreams.EVENT);

    private final DirectClient client;

    StreamServiceTest(DirectClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        new DeliveryServer(STREAMS.config(), TestStreams.CLOCK).routing(routing);
    }

    @AfterAll
    static void cleanUp() {
        STREAMS.delete();
    }

    private Http1ClientResponse get(String path) {
        return client.get(path).header(HeaderNames.AUTHORIZATION, "Bearer " + TOKEN).request();
    }

    @Test
    void unknownRouteIsAJson404NotAnInternalError() {
        try (Http1ClientResponse res = client.get("/nope").request()) {
            assertEquals(404, res.status().code());
            String body = res.as(String.class);
            assertEquals("{\"error\":\"not_found\",\"message\":\"Not Found\"}", body);
        }
    }

    @Test
    void segmentWithBearerTokenIsServed() {
        try (Http1ClientResponse res = get("/streams/ev1/720p/0.ts")) {
            assertEquals(200, res.status().code());
            assertEquals("video/mp2t", res.headers().first(HeaderNames.CONTENT_TYPE).orElseThrow());
            assertEquals(StreamService.CACHE_SEGMENT, res.headers().first(HeaderNames.CACHE_CONTROL).orElseThrow());
            assertTrue(res.headers().first(HeaderNames.ETAG).isPresent());
            assertTrue(res.headers().first(HeaderNames.LAST_MODIFIED).isPresent());
            assertTrue(res.headers().first(HeaderNames.create(AccelRedirect.HEADER)).isEmpty(), "off unless configured");
            assertArrayEquals(TestStreams.SEGMENT_0, res.as(byte[].class));
        }
    }

    @Test
    void livePlaylistIsNotCachedAndKeptAsIsWithHeaderToken() {
        try (Http1ClientResponse res = get("/streams/ev1/720p/index.m3u8")) {
            assertEquals(200, res.status().code());
            assertEquals("application/vnd.apple.mpegurl", res.headers().first(HeaderNames.CONTENT_TYPE).orElseThrow());
            assertEquals("no-cache", res.headers().first(HeaderNames.CACHE_CONTROL).orElseThrow());
            assertEquals(TestStreams.LIVE, res.as(String.class));
        }
    }

    @Test
    void endedPlaylistIsCachedPrivately() {
        try (Http1ClientResponse res = get("/streams/ev1/vod/index.m3u8")) {
            assertEquals(200, res.status().code());
            assertEquals(StreamService.CACHE_ENDED_PLAYLIST, res.headers().first(HeaderNames.CACHE_CONTROL).orElseThrow());
        }
    }

    @Test
    void queryTokenIsAppendedToEveryRelativeUriOfThePlaylist() {
        try (Http1ClientResponse res = client.get("/streams/ev1/vod/index.m3u8").queryParam("token", TOKEN).request()) {
            assertEquals(200, res.status().code());
            String body = res.as(String.class);
            assertTrue(body.contains("URI=\"key.bin?v=1&token=" + TOKEN + "\""), body);
            assertTrue(body.contains("URI=\"init.mp4?token=" + TOKEN + "\""), body);
            assertTrue(body.contains("\n0.m4s?token=" + TOKEN + "\n"), body);
            assertTrue(body.contains("\nhttps://cdn.example.com/elsewhere/1.m4s\n"), "absolute URIs never get the token");
        }
        try (Http1ClientResponse res = client.get("/streams/ev1/master.m3u8").queryParam("__token", TOKEN).request()) {
            assertEquals(200, res.status().code());
            assertTrue(res.as(String.class).contains("\n720p/index.m3u8?__token=" + TOKEN + "\n"));
        }
    }

    @Test
    void missingTokenIs401WithJsonError() {
        try (Http1ClientResponse res = client.get("/streams/ev1/720p/0.ts").request()) {
            assertEquals(401, res.status().code());
            assertEquals("application/json", res.headers().first(HeaderNames.CONTENT_TYPE).orElseThrow());
            assertTrue(res.as(String.class).contains("\"error\":\"missing_token\""));
        }
    }

    @Test
    void tokenOfAnotherEventIs403() {
        try (Http1ClientResponse res = client.get("/streams/ev2/720p/0.ts")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + TOKEN).request()) {
            assertEquals(403, res.status().code());
            assertTrue(res.as(String.class).contains("\"error\":\"wrong_stream\""));
        }
    }

    @Test
    void wrongExtensionAndMissingFileAre404() {
        for (String path : new String[] {"/streams/ev1/720p/notes.txt", "/streams/ev1/720p/9.ts", "/streams/ev1/720p/0.TS",
                "/streams/ev1/720p/0.ts.bak", "/streams/ev1/720p", "/streams/ev1/nope/index.m3u8"}) {
            try (Http1ClientResponse res = get(path)) {
                int status = res.status().code();
                assertTrue(status == 404 || status == 400, path + " -> " + status);
            }
        }
    }

    @Test
    void headSendsHeadersWithoutBody() {
        try (Http1ClientResponse res = client.method(Method.HEAD).uri("/streams/ev1/720p/1.ts")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + TOKEN).request()) {
            assertEquals(200, res.status().code());
            assertEquals(String.valueOf(TestStreams.SEGMENT_1.length), res.headers().first(HeaderNames.CONTENT_LENGTH).orElseThrow());
            assertEquals("video/mp2t", res.headers().first(HeaderNames.CONTENT_TYPE).orElseThrow());
        }
    }

    @Test
    void rangeGivesPartialContent() {
        try (Http1ClientResponse res = client.get("/streams/ev1/720p/1.ts").header(HeaderNames.AUTHORIZATION, "Bearer " + TOKEN)
                .header(HeaderNames.RANGE, "bytes=100-199").request()) {
            assertEquals(206, res.status().code());
            assertEquals("bytes 100-199/3000", res.headers().first(HeaderNames.CONTENT_RANGE).orElseThrow());
            assertArrayEquals(Arrays.copyOfRange(TestStreams.SEGMENT_1, 100, 200), res.as(byte[].class));
        }
        try (Http1ClientResponse res = client.get("/streams/ev1/720p/1.ts").header(HeaderNames.AUTHORIZATION, "Bearer " + TOKEN)
                .header(HeaderNames.RANGE, "bytes=-10").request()) {
            assertEquals(206, res.status().code());
            assertArrayEquals(Arrays.copyOfRange(TestStreams.SEGMENT_1, 2990, 3000), res.as(byte[].class));
        }
        try (Http1ClientResponse res = client.get("/streams/ev1/720p/1.ts").header(HeaderNames.AUTHORIZATION, "Bearer " + TOKEN)
                .header(HeaderNames.RANGE, "bytes=5000-").request()) {
            assertEquals(416, res.status().code());
            assertEquals("bytes */3000", res.headers().first(HeaderNames.CONTENT_RANGE).orElseThrow());
        }
    }

    @Test
    void matchingEtagOrDateGives304() {
        String etag;
        String lastModified;
        try (Http1ClientResponse res = get("/streams/ev1/720p/0.ts")) {
            etag = res.headers().first(HeaderNames.ETAG).orElseThrow();
            lastModified = res.headers().first(HeaderNames.LAST_MODIFIED).orElseThrow();
        }
        try (Http1ClientResponse res = client.get("/streams/ev1/720p/0.ts").header(HeaderNames.AUTHORIZATION, "Bearer " + TOKEN)
                .header(HeaderNames.IF_NONE_MATCH, etag).request()) {
            assertEquals(304, res.status().code());
        }
        try (Http1ClientResponse res = client.get("/streams/ev1/720p/0.ts").header(HeaderNames.AUTHORIZATION, "Bearer " + TOKEN)
                .header(HeaderNames.IF_MODIFIED_SINCE, lastModified).request()) {
            assertEquals(304, res.status().code());
        }
        try (Http1ClientResponse res = client.get("/streams/ev1/720p/0.ts").header(HeaderNames.AUTHORIZATION, "Bearer " + TOKEN)
                .header(HeaderNames.IF_NONE_MATCH, "\"other\"").request()) {
            assertEquals(200, res.status().code());
        }
    }

    @Test
    void corsHeadersForTheAllowedOriginOnly() {
        try (Http1ClientResponse res = client.get("/streams/ev1/720p/0.ts").header(HeaderNames.AUTHORIZATION, "Bearer " + TOKEN)
                .header(HeaderNames.ORIGIN, "https://portal.example.com").request()) {
            assertEquals("https://portal.example.com", res.headers().first(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN).orElseThrow());
        }
        try (Http1ClientResponse res = client.get("/streams/ev1/720p/0.ts")
                .header(HeaderNames.ORIGIN, "https://portal.example.com").request()) {
            assertEquals(401, res.status().code());
            assertTrue(res.headers().first(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN).isPresent(), "errors are readable cross-origin");
        }
        // A foreign origin gets no header from us; DeliveryServerIT checks that on the wire (the routing test
        // server adds Helidon's discovered CORS feature, the real one does not).
    }

    @Test
    void corsPreflightAllowsAuthorizationAndRange() {
        try (Http1ClientResponse res = client.method(Method.OPTIONS).uri("/streams/ev1/720p/0.ts")
                .header(HeaderNames.ORIGIN, "https://portal.example.com")
                .header(HeaderNames.ACCESS_CONTROL_REQUEST_METHOD, "GET")
                .header(HeaderNames.ACCESS_CONTROL_REQUEST_HEADERS, "authorization, range").request()) {
            assertEquals(204, res.status().code());
            assertEquals("https://portal.example.com", res.headers().first(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN).orElseThrow());
            assertTrue(res.headers().first(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS).orElseThrow().contains("Authorization"));
            assertTrue(res.headers().first(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS).orElseThrow().contains("GET"));
        }
    }

    @Test
    void headOfAQueryTokenPlaylistAnnouncesTheRewrittenLength() {
        int expected;
        try (Http1ClientResponse res = client.get("/streams/ev1/720p/index.m3u8").queryParam("token", TOKEN).request()) {
            expected = res.as(byte[].class).length;
        }
        try (Http1ClientResponse res = client.method(Method.HEAD).uri("/streams/ev1/720p/index.m3u8")
                .queryParam("token", TOKEN).request()) {
            assertEquals(200, res.status().code());
            assertEquals(String.valueOf(expected), res.headers().first(HeaderNames.CONTENT_LENGTH).orElseThrow());
            assertTrue(expected > TestStreams.LIVE.length());
        }
    }

    @Test
    void segmentsAcceptTheQueryTokenToo() {
        try (Http1ClientResponse res = client.get("/streams/ev1/720p/0.ts").queryParam("__token", TOKEN).request()) {
            assertEquals(200, res.status().code());
            assertArrayEquals(TestStreams.SEGMENT_0, res.as(byte[].class));
        }
    }

    @Test
    void errorsAreJsonAndNeverCached() {
        try (Http1ClientResponse res = get("/streams/ev1/%2e%2e/secret.ts")) {
            assertEquals(400, res.status().code());
            assertEquals("no-store", res.headers().first(HeaderNames.CACHE_CONTROL).orElseThrow());
            String body = res.as(String.class);
            assertTrue(body.startsWith("{\"error\":\"bad_path\",\"message\":"), body);
        }
    }
}
