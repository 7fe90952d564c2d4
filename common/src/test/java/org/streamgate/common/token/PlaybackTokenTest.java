package org.streamgate.common.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.streamgate.common.token.InvalidTokenException.Reason;

class PlaybackTokenTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef-current";
    private static final String OLD_SECRET = "0123456789abcdef0123456789abcdef-previous";
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final SigningKeys keys = SigningKeys.of(SECRET, null);
    private final PlaybackTokenSigner signer = new PlaybackTokenSigner(keys);
    private final PlaybackTokenVerifier verifier = new PlaybackTokenVerifier(keys, Duration.ofSeconds(5));
    private final PlaybackClaims claims = PlaybackClaims.forSession("code-1", "event-1", "session-1", NOW, Duration.ofSeconds(600));

    @Test
    void roundTripKeepsEveryClaim() throws Exception {
        PlaybackClaims back = verifier.verify(signer.sign(claims), NOW.plusSeconds(10));
        assertEquals(claims, back);
        assertEquals("/streams/event-1/", back.streamPrefix());
        assertEquals("streamgate-hls", back.audience());
    }

    @Test
    void headerIsHs256WithKid() {
        String token = signer.sign(claims);
        String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
        assertTrue(header.contains("\"alg\":\"HS256\""), header);
        assertTrue(header.contains("\"kid\":\"" + keys.current().kid() + "\""), header);
    }

    @Test
    void tokenNeverContainsTheSecret() {
        assertFalse(signer.sign(claims).contains(SECRET));
    }

    @Test
    void expiredTokenIsRefusedAfterLeeway() throws Exception {
        String token = signer.sign(claims);
        verifier.verify(token, claims.expiresAt().plusSeconds(5));
        assertReason(Reason.EXPIRED, token, claims.expiresAt().plusSeconds(6));
    }

    @Test
    void previousKeyStillVerifiesDuringRotation() throws Exception {
        String oldToken = new PlaybackTokenSigner(SigningKeys.of(OLD_SECRET, null)).sign(claims);
        PlaybackTokenVerifier rotating = new PlaybackTokenVerifier(SigningKeys.of(SECRET, OLD_SECRET), Duration.ZERO);
        assertEquals(claims, rotating.verify(oldToken, NOW));
        assertReason(Reason.UNKNOWN_KEY, oldToken, NOW);
    }

    @Test
    void algNoneIsRefused() {
        String token = forge("{\"alg\":\"none\",\"kid\":\"" + keys.current().kid() + "\"}", payload(), "");
        assertReason(Reason.MALFORMED, token, NOW);
        String withSig = forge("{\"alg\":\"none\",\"kid\":\"" + keys.current().kid() + "\"}", payload(), "AAAA");
        assertReason(Reason.UNSUPPORTED_ALGORITHM, withSig, NOW);
    }

    @Test
    void otherAlgorithmsSignedWithTheSecretAreRefused() throws Exception {
        for (String alg : new String[] {"HS384", "HS512", "RS256", "hs256"}) {
            String header = "{\"alg\":\"" + alg + "\",\"kid\":\"" + keys.current().kid() + "\"}";
            String input = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                    + B64.encodeToString(payload().getBytes(StandardCharsets.UTF_8));
            assertReason(Reason.UNSUPPORTED_ALGORITHM, input + "." + B64.encodeToString(hmac(input)), NOW);
        }
    }

    @Test
    void alteredPayloadFailsTheSignature() {
        String[] parts = signer.sign(claims).split("\\.");
        String other = payload().replace("event-1", "event-2");
        String token = parts[0] + "." + B64.encodeToString(other.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertReason(Reason.BAD_SIGNATURE, token, NOW);
    }

    @Test
    void strippedOrGarbageTokensAreMalformed() {
        String token = signer.sign(claims);
        assertReason(Reason.MALFORMED, token.substring(0, token.lastIndexOf('.') + 1), NOW);
        assertReason(Reason.MALFORMED, "garbage", NOW);
        assertReason(Reason.MALFORMED, "a.b.c.d", NOW);
        assertReason(Reason.MALFORMED, token + "=", NOW);
        assertReason(Reason.MALFORMED, "x".repeat(5000), NOW);
        assertReason(Reason.MALFORMED, "", NOW);
    }

    @Test
    void wrongAudienceIsRefused() throws Exception {
        String token = sign(payload().replace("streamgate-hls", "someone-else"));
        assertReason(Reason.WRONG_AUDIENCE, token, NOW);
    }

    @Test
    void streamPrefixOfAnotherEventIsRefused() throws Exception {
        String token = sign(payload().replace("\"sp\":\"/streams/event-1/\"", "\"sp\":\"/streams/\""));
        assertReason(Reason.MALFORMED, token, NOW);
    }

    @Test
    void headerSpelledOtherwiseIsParsedAndAccepted() throws Exception {
        String header = "{ \"kid\" : \"" + keys.current().kid() + "\", \"alg\":\"HS256\", \"x5u\":{\"a\":[1,{}]}}";
        assertEquals(claims.subject(), verifier.verify(sign(header, payload()), NOW).subject());
    }

    @Test
    void ourOwnHeaderSignedWithAnotherSecretFailsTheSignature() throws Exception {
        String header = new String(Base64.getUrlDecoder().decode(signer.sign(claims).split("\\.")[0]), StandardCharsets.UTF_8);
        String input = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(payload().getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(OLD_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String token = input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        assertReason(Reason.BAD_SIGNATURE, token, NOW);
    }

    @Test
    void nonStringOrDuplicateAlgIsRefused() throws Exception {
        String kid = "\"kid\":\"" + keys.current().kid() + "\"";
        assertReason(Reason.UNSUPPORTED_ALGORITHM, sign("{\"alg\":[\"HS256\"]," + kid + "}", payload()), NOW);
        assertReason(Reason.UNSUPPORTED_ALGORITHM, sign("{" + kid + "}", payload()), NOW);
        assertReason(Reason.MALFORMED, sign("{\"alg\":\"none\",\"alg\":\"HS256\"," + kid + "}", payload()), NOW);
        assertReason(Reason.UNKNOWN_KEY, sign("{\"alg\":\"HS256\",\"kid\":7}", payload()), NOW);
    }

    @Test
    void claimsOfTheWrongTypeOrNamedTwiceAreMalformed() throws Exception {
        String p = payload();
        String iat = "\"iat\":" + NOW.getEpochSecond();
        assertReason(Reason.MALFORMED, sign(p.replace("}", ",\"eid\":\"event-1\"}")), NOW);
        assertReason(Reason.MALFORMED, sign(p.replace(iat, "\"iat\":" + NOW.getEpochSecond() + ".5")), NOW);
        assertReason(Reason.MALFORMED, sign(p.replace(iat, "\"iat\":\"" + NOW.getEpochSecond() + "\"")), NOW);
        assertReason(Reason.MALFORMED, sign(p.replace(iat, "\"iat\":99999999999999999999")), NOW);
        assertReason(Reason.MALFORMED, sign(p.replace(iat, "\"iat\":null")), NOW);
        assertReason(Reason.MALFORMED, sign(p.replace("\"sub\":\"code-1\"", "\"sub\":1")), NOW);
        assertReason(Reason.MALFORMED, sign(p.replace("\"sub\":\"code-1\"", "\"sub\":\"\"")), NOW);
        assertReason(Reason.MALFORMED, sign(p.replace("\"aud\":\"streamgate-hls\"", "\"aud\":5")), NOW);
        assertReason(Reason.MALFORMED, sign(p + " {}"), NOW);
        assertReason(Reason.MALFORMED, sign("[" + p + "]"), NOW);
        assertReason(Reason.MALFORMED, sign(p.substring(0, p.length() - 1)), NOW);
    }

    @Test
    void unknownNestedClaimsAreSkipped() throws Exception {
        String p = payload().replace("}", ",\"extra\":{\"a\":[1,2,{\"b\":null}]},\"more\":[[]]}");
        assertEquals(claims, verifier.verify(sign(p), NOW));
    }

    @Test
    void audienceMayBeAnArrayThatMustHoldOurs() throws Exception {
        String ours = payload().replace("\"aud\":\"streamgate-hls\"", "\"aud\":[1,{\"x\":[]},\"other\",\"streamgate-hls\"]");
        assertEquals(claims, verifier.verify(sign(ours), NOW));
        String notOurs = payload().replace("\"aud\":\"streamgate-hls\"", "\"aud\":[\"other\"]");
        assertReason(Reason.WRONG_AUDIENCE, sign(notOurs), NOW);
    }

    @Test
    void nonCanonicalBase64UrlIsMalformed() {
        String token = signer.sign(claims);
        // 32 signature bytes take 43 characters; the last one carries 4 bits and 2 unused ones, which must be 0
        char last = token.charAt(token.length() - 1);
        String value = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char sameBitsOtherSpelling = value.charAt(value.indexOf(last) | 1);
        assertReason(Reason.MALFORMED, token.substring(0, token.length() - 1) + sameBitsOtherSpelling, NOW);
        assertReason(Reason.MALFORMED, token + "AA", NOW); // 45 characters: no byte count has that length
        assertReason(Reason.MALFORMED, token.substring(0, 10) + "\u00e9" + token.substring(11), NOW);
        assertReason(Reason.MALFORMED, token.substring(0, 10) + "\u4e00" + token.substring(11), NOW);
    }

    @Test
    void permitsOnlyItsOwnEventFolder() {
        assertTrue(claims.permits("/streams/event-1/master.m3u8"));
        assertFalse(claims.permits("/streams/event-2/master.m3u8"));
        assertFalse(claims.permits("/streams/event-10/master.m3u8"));
    }

    @Test
    void shortSecretIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SigningKey.of("too-short"));
    }

    private String payload() {
        return "{\"sub\":\"code-1\",\"eid\":\"event-1\",\"sid\":\"session-1\",\"sp\":\"/streams/event-1/\","
                + "\"aud\":\"streamgate-hls\",\"iat\":" + NOW.getEpochSecond() + ",\"exp\":" + (NOW.getEpochSecond() + 600) + "}";
    }

    private String sign(String payload) throws Exception {
        return sign("{\"alg\":\"HS256\",\"kid\":\"" + keys.current().kid() + "\"}", payload);
    }

    private String sign(String header, String payload) throws Exception {
        String input = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return input + "." + B64.encodeToString(hmac(input));
    }

    private static String forge(String header, String payload, String signature) {
        return B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + signature;
    }

    private static byte[] hmac(String input) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
    }

    private void assertReason(Reason expected, String token, Instant at) {
        InvalidTokenException e = assertThrows(InvalidTokenException.class, () -> verifier.verify(token, at));
        assertEquals(expected, e.reason(), e.getMessage());
    }
}
