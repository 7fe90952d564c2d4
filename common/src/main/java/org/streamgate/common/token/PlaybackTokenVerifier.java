package org.streamgate.common.token;

import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.streamgate.common.token.InvalidTokenException.Reason;

/**
 * Verifies playback tokens (DESIGN §3.3). Only {@code HS256} is accepted, whatever the header claims; the key is
 * chosen by {@code kid} among the current and previous secrets; the signature is compared in constant time before
 * any claim is trusted.
 *
 * <p>Concurrency: immutable and thread-safe.
 */
public final class PlaybackTokenVerifier {

    /** Longer tokens are refused before any decoding: ours are about 350 characters. */
    public static final int MAX_TOKEN_CHARS = 4096;

    private final SigningKeys keys;
    private final Duration leeway;

    /** @param leeway how far past {@code exp} a token still passes, for clock skew between nodes */
    public PlaybackTokenVerifier(SigningKeys keys, Duration leeway) {
        if (leeway.isNegative()) {
            throw new IllegalArgumentException("leeway must not be negative: " + leeway);
        }
        this.keys = keys;
        this.leeway = leeway;
    }

    public PlaybackClaims verify(String token, Instant now) throws InvalidTokenException {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            throw new InvalidTokenException(Reason.MALFORMED, "token missing or too long");
        }
        int firstDot = token.indexOf('.');
        int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
        if (firstDot <= 0 || secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0 || secondDot == token.length() - 1) {
            throw new InvalidTokenException(Reason.MALFORMED, "token is not a compact JWS");
        }
        String headerPart = token.substring(0, firstDot);
        String payloadPart = token.substring(firstDot + 1, secondDot);
        String signaturePart = token.substring(secondDot + 1);
        if (!isBase64Url(headerPart) || !isBase64Url(payloadPart) || !isBase64Url(signaturePart)) {
            throw new InvalidTokenException(Reason.MALFORMED, "token has characters outside base64url");
        }

        JsonObject header = decodeJson(headerPart);
        if (!"HS256".equals(stringOrNull(header, "alg"))) {
            throw new InvalidTokenException(Reason.UNSUPPORTED_ALGORITHM, "only HS256 is accepted");
        }
        String kid = stringOrNull(header, "kid");
        Optional<SigningKey> key = kid == null ? Optional.empty() : keys.byKid(kid);
        if (key.isEmpty()) {
            throw new InvalidTokenException(Reason.UNKNOWN_KEY, "token names no known key");
        }
        byte[] expected = key.get().mac(token.substring(0, secondDot).getBytes(StandardCharsets.US_ASCII));
        byte[] presented = decode(signaturePart);
        if (!MessageDigest.isEqual(expected, presented)) {
            throw new InvalidTokenException(Reason.BAD_SIGNATURE, "signature does not match");
        }

        JsonObject payload = decodeJson(payloadPart);
        PlaybackClaims claims = new PlaybackClaims(
                requiredString(payload, "sub"),
                requiredString(payload, "eid"),
                requiredString(payload, "sid"),
                requiredString(payload, "sp"),
                Instant.ofEpochSecond(requiredLong(payload, "iat")),
                Instant.ofEpochSecond(requiredLong(payload, "exp")),
                audience(payload));
        if (!PlaybackClaims.AUDIENCE.equals(claims.audience())) {
            throw new InvalidTokenException(Reason.WRONG_AUDIENCE, "token is not for hls-delivery");
        }
        if (!claims.streamPrefix().equals(PlaybackClaims.streamPrefix(claims.eventId()))) {
            throw new InvalidTokenException(Reason.MALFORMED, "stream prefix does not match the event");
        }
        if (now.isAfter(claims.expiresAt().plus(leeway))) {
            throw new InvalidTokenException(Reason.EXPIRED, "token expired");
        }
        return claims;
    }

    private static boolean isBase64Url(String part) {
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static byte[] decode(String part) throws InvalidTokenException {
        try {
            return Hs256.B64_DECODER.decode(part);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException(Reason.MALFORMED, "token part is not base64url");
        }
    }

    private static JsonObject decodeJson(String part) throws InvalidTokenException {
        // a Reader over the decoded text: the InputStream path adds charset detection and an 8 KB buffer per call
        String json = new String(decode(part), StandardCharsets.UTF_8);
        try (JsonReader reader = Hs256.JSON_READERS.createReader(new StringReader(json))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException | ClassCastException e) {
            throw new InvalidTokenException(Reason.MALFORMED, "token part is not a JSON object");
        }
    }

    private static String stringOrNull(JsonObject object, String name) {
        JsonValue value = object.get(name);
        return value instanceof JsonString s ? s.getString() : null;
    }

    private static String requiredString(JsonObject object, String name) throws InvalidTokenException {
        String value = stringOrNull(object, name);
        if (value == null || value.isEmpty()) {
            throw new InvalidTokenException(Reason.MALFORMED, "claim " + name + " missing");
        }
        return value;
    }

    private static long requiredLong(JsonObject object, String name) throws InvalidTokenException {
        JsonValue value = object.get(name);
        if (value instanceof JsonNumber n && n.isIntegral()) {
            try {
                return n.longValueExact();
            } catch (ArithmeticException e) {
                throw new InvalidTokenException(Reason.MALFORMED, "claim " + name + " out of range");
            }
        }
        throw new InvalidTokenException(Reason.MALFORMED, "claim " + name + " missing");
    }

    /** RFC 7519 allows {@code aud} as a string or an array; we accept ours in either form. */
    private static String audience(JsonObject payload) throws InvalidTokenException {
        JsonValue aud = payload.get("aud");
        if (aud instanceof JsonString s) {
            return s.getString();
        }
        if (aud != null && aud.getValueType() == JsonValue.ValueType.ARRAY) {
            for (JsonValue v : aud.asJsonArray()) {
                if (v instanceof JsonString s && PlaybackClaims.AUDIENCE.equals(s.getString())) {
                    return s.getString();
                }
            }
            return "";
        }
        throw new InvalidTokenException(Reason.MALFORMED, "claim aud missing");
    }
}
