package org.streamgate.delivery.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.streamgate.common.token.PlaybackClaims;
import org.streamgate.common.token.SigningKey;
import org.streamgate.delivery.DeliveryServer;
import org.streamgate.delivery.TestStreams;

/** Every forged or unfit token is refused with 401/403, over the header and over the query; never 200 or 500. */
@RoutingTest
class ForgeryCorpusTest {

    private static final TestStreams STREAMS = TestStreams.create();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final String KID = SigningKey.of(TestStreams.SECRET).kid();
    private static final long NOW = TestStreams.NOW.getEpochSecond();
    private static final String PATH = "/streams/ev1/720p/0.ts";

    private final DirectClient client;

    ForgeryCorpusTest(DirectClient client) {
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

    static String header(String alg, String kid) {
        return "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"" + (kid == null ? "" : ",\"kid\":\"" + kid + "\"") + "}";
    }

    static String payload(String eid, String sp, String aud, long exp) {
        return "{\"sub\":\"code-1\",\"eid\":\"" + eid + "\",\"sid\":\"s-1\",\"sp\":\"" + sp + "\",\"aud\":\"" + aud
                + "\",\"iat\":" + (NOW - 60) + ",\"exp\":" + exp + "}";
    }

    static String validPayload() {
        return payload("ev1", "/streams/ev1/", PlaybackClaims.AUDIENCE, NOW + 600);
    }

    static String jws(String header, String payload, String macAlg, String secret) {
        String input = enc(header) + "." + enc(payload);
        if (macAlg == null) {
            return input + ".";
        }
        try {
            Mac mac = Mac.getInstance(macAlg);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), macAlg));
            return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String enc(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> forgeries() {
        String s = TestStreams.SECRET;
        String valid = jws(header("HS256", KID), validPayload(), "HmacSHA256", s);
        String[] parts = valid.split("\\.");
        Map<String, String> corpus = new LinkedHashMap<>();
        corpus.put("alg none", enc(header("none", KID)) + "." + enc(validPayload()) + ".");
        corpus.put("alg none, no dot", enc(header("none", KID)) + "." + enc(validPayload()));
        corpus.put("alg None mixed case", jws(header("None", KID), validPayload(), "HmacSHA256", s));
        corpus.put("alg HS384", jws(header("HS384", KID), validPayload(), "HmacSHA384", s));
        corpus.put("alg HS512", jws(header("HS512", KID), validPayload(), "HmacSHA512", s));
        corpus.put("alg RS256 signed with the secret", jws(header("RS256", KID), validPayload(), "HmacSHA256", s));
        corpus.put("alg ES256", jws(header("ES256", KID), validPayload(), "HmacSHA256", s));
        corpus.put("stripped signature", parts[0] + "." + parts[1] + ".");
        corpus.put("signature of another token", parts[0] + "." + parts[1] + "." + jws(header("HS256", KID),
                payload("ev2", "/streams/ev2/", PlaybackClaims.AUDIENCE, NOW + 600), "HmacSHA256", s).split("\\.")[2]);
        corpus.put("altered payload", parts[0] + "." + enc(payload("ev1", "/streams/ev1/", PlaybackClaims.AUDIENCE, NOW + 99_999)) + "." + parts[2]);
        corpus.put("flipped signature bit", parts[0] + "." + parts[1] + "." + (parts[2].charAt(0) == 'A' ? 'B' : 'A') + parts[2].substring(1));
        corpus.put("other secret", jws(header("HS256", SigningKey.of(TestStreams.OTHER_SECRET).kid()), validPayload(), "HmacSHA256", TestStreams.OTHER_SECRET));
        corpus.put("other secret, our kid", jws(header("HS256", KID), validPayload(), "HmacSHA256", TestStreams.OTHER_SECRET));
        corpus.put("no kid", jws(header("HS256", null), validPayload(), "HmacSHA256", s));
        corpus.put("expired", jws(header("HS256", KID), payload("ev1", "/streams/ev1/", PlaybackClaims.AUDIENCE, NOW - 3600), "HmacSHA256", s));
        corpus.put("expired just past leeway", jws(header("HS256", KID), payload("ev1", "/streams/ev1/", PlaybackClaims.AUDIENCE, NOW - 6), "HmacSHA256", s));
        corpus.put("other event", TestStreams.token("ev2"));
        corpus.put("wrong sp", jws(header("HS256", KID), payload("ev1", "/streams/ev2/", PlaybackClaims.AUDIENCE, NOW + 600), "HmacSHA256", s));
        corpus.put("sp widened to /streams/", jws(header("HS256", KID), payload("ev1", "/streams/", PlaybackClaims.AUDIENCE, NOW + 600), "HmacSHA256", s));
        corpus.put("sp with traversal", jws(header("HS256", KID), payload("ev1", "/streams/ev1/../ev2/", PlaybackClaims.AUDIENCE, NOW + 600), "HmacSHA256", s));
        corpus.put("wrong audience", jws(header("HS256", KID), payload("ev1", "/streams/ev1/", "streamgate-admin", NOW + 600), "HmacSHA256", s));
        corpus.put("exp as string", jws(header("HS256", KID), validPayload().replace("\"exp\":" + (NOW + 600), "\"exp\":\"" + (NOW + 600) + "\""), "HmacSHA256", s));
        corpus.put("garbage", "this-is-not-a-token");
        corpus.put("garbage with dots", "a.b.c");
        corpus.put("four parts", valid + ".extra");
        corpus.put("non-json header", enc("not json") + "." + parts[1] + "." + parts[2]);
        corpus.put("oversized", valid + "A".repeat(5000));
        corpus.put("unicode", "t\u00f6ken.\u00e9.x");
        return corpus.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0} in header")
    @MethodSource("forgeries")
    void refusedInHeader(String name, String token) {
        try (Http1ClientResponse res = client.get(PATH).header(HeaderNames.AUTHORIZATION, "Bearer " + token).request()) {
            int status = res.status().code();
            assertEquals(403, status, name);
        }
    }

    @ParameterizedTest(name = "{0} in query")
    @MethodSource("forgeries")
    void refusedInQuery(String name, String token) {
        try (Http1ClientResponse res = client.get(PATH).queryParam("token", token).request()) {
            int status = res.status().code();
            // An oversized query is refused by the HTTP layer (414) before any of our code runs.
            assertTrue(status == 403 || name.equals("oversized") && status == 414, name + " -> " + status);
        }
    }

    @Test
    void theUnforgedTokenOfTheCorpusIsAccepted() {
        String valid = jws(header("HS256", KID), validPayload(), "HmacSHA256", TestStreams.SECRET);
        try (Http1ClientResponse res = client.get(PATH).header(HeaderNames.AUTHORIZATION, "Bearer " + valid).request()) {
            assertEquals(200, res.status().code());
        }
    }

    @Test
    void emptyBearerAndOtherSchemesCountAsMissing() {
        for (String auth : new String[] {"Bearer ", "Basic dXNlcjpwYXNz", "Bearer"}) {
            try (Http1ClientResponse res = client.get(PATH).header(HeaderNames.AUTHORIZATION, auth).request()) {
                assertEquals(401, res.status().code(), auth);
            }
        }
    }
}
