package org.streamgate.common.token;

import jakarta.json.JsonException;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.streamgate.common.token.InvalidTokenException.Reason;

/**
 * Verifies playback tokens (DESIGN §3.3). Only {@code HS256} is accepted, whatever the header claims; the key is
 * chosen by {@code kid} among the current and previous secrets; the signature is compared in constant time before
 * any claim is trusted.
 *
 * <p>Strictness: the token is at most {@link #MAX_TOKEN_CHARS} characters of base64url in three parts; base64url must
 * be canonical (no padding, unused trailing bits zero); header and payload are each one JSON object with nothing
 * after it and no member named twice; {@code alg} is exactly the string {@code HS256}; {@code sub}, {@code eid},
 * {@code sid}, {@code sp} are non-empty strings; {@code iat} and {@code exp} are integral numbers within a
 * {@code long}; {@code aud} is our audience, as a string or in an array; {@code sp} is the event's prefix.
 *
 * <p>Cost (docs/PERFORMANCE.md, "Token verification"): the token's characters are copied once into a byte array,
 * which is fed to the MAC and base64url-decoded (and so checked) straight from there. A header byte for byte equal to
 * the one our signer writes for a known key needs no parse, and the MAC state after it is computed once per key;
 * any other header is parsed and checked in full. JSON goes through the Jakarta JSON streaming parser over a
 * {@link StringReader}: no {@code JsonObject} is built and no charset-detecting stream is involved.
 *
 * <p>Concurrency: immutable and thread-safe.
 */
public final class PlaybackTokenVerifier {

    /** Longer tokens are refused before any decoding: ours are about 350 characters. */
    public static final int MAX_TOKEN_CHARS = 4096;

    /** The base64url alphabet's value of each byte, -1 outside it. */
    private static final int[] B64URL = new int[256];

    static {
        Arrays.fill(B64URL, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            B64URL[alphabet.charAt(i)] = i;
        }
    }

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
        // Latin-1: one byte per char, and any char beyond it becomes '?', which the alphabet refuses
        byte[] ascii = token.getBytes(StandardCharsets.ISO_8859_1);
        // every part decoded (so checked against the alphabet) before anything else is looked at
        SigningKey ownHeaderKey = keys.byEncodedHeader(ascii, 0, firstDot);
        byte[] headerJson = ownHeaderKey == null ? decode(ascii, 0, firstDot) : null;
        byte[] payload = decode(ascii, firstDot + 1, secondDot);
        byte[] presented = decode(ascii, secondDot + 1, ascii.length);

        byte[] expected;
        if (ownHeaderKey != null) {
            // byte for byte the header we sign with (alg HS256, this key's kid): its parse could say nothing else
            expected = ownHeaderKey.macAfterHeader(ascii, firstDot + 1, secondDot);
        } else {
            Header header = header(headerJson);
            if (!"HS256".equals(header.alg())) {
                throw new InvalidTokenException(Reason.UNSUPPORTED_ALGORITHM, "only HS256 is accepted");
            }
            Optional<SigningKey> key = header.kid() == null ? Optional.empty() : keys.byKid(header.kid());
            if (key.isEmpty()) {
                throw new InvalidTokenException(Reason.UNKNOWN_KEY, "token names no known key");
            }
            expected = key.get().mac(ascii, 0, secondDot);
        }
        if (!MessageDigest.isEqual(expected, presented)) {
            throw new InvalidTokenException(Reason.BAD_SIGNATURE, "signature does not match");
        }

        PlaybackClaims claims = claims(payload);
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

    /**
     * Canonical unpadded base64url of {@code ascii[from, to)}: a character outside the alphabet, a length of 1 mod 4
     * and non-zero unused bits in the last character are refused, so each value has exactly one spelling.
     */
    private static byte[] decode(byte[] ascii, int from, int to) throws InvalidTokenException {
        int chars = to - from;
        int tail = chars & 3;
        if (tail == 1) {
            throw notBase64Url();
        }
        byte[] out = new byte[chars / 4 * 3 + (tail == 0 ? 0 : tail - 1)];
        int in = from;
        int o = 0;
        int invalid = 0; // any -1 from the table makes it negative
        for (int end = to - tail; in < end; in += 4) {
            int bits = B64URL[ascii[in] & 0xFF] << 18 | B64URL[ascii[in + 1] & 0xFF] << 12
                    | B64URL[ascii[in + 2] & 0xFF] << 6 | B64URL[ascii[in + 3] & 0xFF];
            invalid |= bits;
            out[o++] = (byte) (bits >> 16);
            out[o++] = (byte) (bits >> 8);
            out[o++] = (byte) bits;
        }
        if (tail == 2) {
            int bits = B64URL[ascii[in] & 0xFF] << 6 | B64URL[ascii[in + 1] & 0xFF];
            invalid |= bits | -(bits & 0xF); // the 4 unused low bits must be zero
            out[o] = (byte) (bits >> 4);
        } else if (tail == 3) {
            int bits = B64URL[ascii[in] & 0xFF] << 12 | B64URL[ascii[in + 1] & 0xFF] << 6 | B64URL[ascii[in + 2] & 0xFF];
            invalid |= bits | -(bits & 0x3);
            out[o++] = (byte) (bits >> 10);
            out[o] = (byte) (bits >> 2);
        }
        if (invalid < 0) {
            throw notBase64Url();
        }
        return out;
    }

    private static InvalidTokenException notBase64Url() {
        return new InvalidTokenException(Reason.MALFORMED, "token part is not canonical base64url");
    }

    /** {@code alg} and {@code kid}; {@code null} when absent or not a string. */
    private record Header(String alg, String kid) {
    }

    private static Header header(byte[] json) throws InvalidTokenException {
        String alg = null;
        String kid = null;
        boolean seenAlg = false;
        boolean seenKid = false;
        try (JsonParser parser = parser(json)) {
            while (nextMember(parser)) {
                String name = parser.getString();
                Event value = parser.next();
                switch (name) {
                    case "alg" -> {
                        seenAlg = once(seenAlg, name);
                        alg = string(parser, value);
                    }
                    case "kid" -> {
                        seenKid = once(seenKid, name);
                        kid = string(parser, value);
                    }
                    default -> skip(parser, value);
                }
            }
            end(parser);
        } catch (JsonException | IllegalStateException | NoSuchElementException e) {
            throw notJson();
        }
        return new Header(alg, kid);
    }

    private static PlaybackClaims claims(byte[] json) throws InvalidTokenException {
        String sub = null;
        String eid = null;
        String sid = null;
        String sp = null;
        String aud = null;
        long iat = 0;
        long exp = 0;
        int seen = 0;
        try (JsonParser parser = parser(json)) {
            while (nextMember(parser)) {
                String name = parser.getString();
                Event value = parser.next();
                int bit = switch (name) {
                    case "sub" -> 1;
                    case "eid" -> 2;
                    case "sid" -> 4;
                    case "sp" -> 8;
                    case "iat" -> 16;
                    case "exp" -> 32;
                    case "aud" -> 64;
                    default -> 0;
                };
                if ((seen & bit) != 0) {
                    throw new InvalidTokenException(Reason.MALFORMED, "claim " + name + " appears twice");
                }
                seen |= bit;
                switch (bit) {
                    case 1 -> sub = string(parser, value);
                    case 2 -> eid = string(parser, value);
                    case 4 -> sid = string(parser, value);
                    case 8 -> sp = string(parser, value);
                    case 16 -> iat = integral(parser, value, name);
                    case 32 -> exp = integral(parser, value, name);
                    case 64 -> aud = audience(parser, value);
                    default -> skip(parser, value);
                }
            }
            end(parser);
        } catch (JsonException | IllegalStateException | NoSuchElementException e) {
            throw notJson();
        }
        return new PlaybackClaims(
                required(sub, "sub"),
                required(eid, "eid"),
                required(sid, "sid"),
                required(sp, "sp"),
                Instant.ofEpochSecond(requiredNumber(seen, 16, iat, "iat")),
                Instant.ofEpochSecond(requiredNumber(seen, 32, exp, "exp")),
                requiredAudience(aud));
    }

    private static JsonParser parser(byte[] json) throws InvalidTokenException {
        // a Reader over the decoded text: the InputStream path adds charset detection and an 8 KB buffer per call
        JsonParser parser = Hs256.JSON_PARSERS.createParser(new StringReader(new String(json, StandardCharsets.UTF_8)));
        try {
            if (parser.hasNext() && parser.next() == Event.START_OBJECT) {
                return parser;
            }
        } catch (JsonException | IllegalStateException | NoSuchElementException e) {
            parser.close();
            throw notJson();
        }
        parser.close();
        throw notJson();
    }

    /** Moves to the next member name of the top-level object; {@code false} at its end. */
    private static boolean nextMember(JsonParser parser) {
        return parser.next() == Event.KEY_NAME;
    }

    /** After the top-level object: nothing but whitespace (the parser throws on anything else). */
    private static void end(JsonParser parser) {
        if (parser.hasNext()) {
            throw new IllegalStateException("content after the JSON object");
        }
    }

    private static boolean once(boolean seen, String name) throws InvalidTokenException {
        if (seen) {
            throw new InvalidTokenException(Reason.MALFORMED, "header member " + name + " appears twice");
        }
        return true;
    }

    private static void skip(JsonParser parser, Event value) {
        if (value == Event.START_OBJECT) {
            parser.skipObject();
        } else if (value == Event.START_ARRAY) {
            parser.skipArray();
        }
    }

    /** A string claim's value; {@code null} (so: missing) for any other type. */
    private static String string(JsonParser parser, Event value) {
        if (value == Event.VALUE_STRING) {
            return parser.getString();
        }
        skip(parser, value);
        return null;
    }

    private static long integral(JsonParser parser, Event value, String name) throws InvalidTokenException {
        if (value != Event.VALUE_NUMBER || !parser.isIntegralNumber()) {
            skip(parser, value);
            throw new InvalidTokenException(Reason.MALFORMED, "claim " + name + " missing");
        }
        try {
            return parser.getBigDecimal().longValueExact();
        } catch (ArithmeticException e) {
            throw new InvalidTokenException(Reason.MALFORMED, "claim " + name + " out of range");
        }
    }

    /**
     * RFC 7519 allows {@code aud} as a string or an array; we accept ours in either form. An array without ours
     * gives "" (wrong audience); any other type is malformed.
     */
    private static String audience(JsonParser parser, Event value) throws InvalidTokenException {
        if (value == Event.VALUE_STRING) {
            return parser.getString();
        }
        if (value != Event.START_ARRAY) {
            skip(parser, value);
            throw new InvalidTokenException(Reason.MALFORMED, "claim aud missing");
        }
        String found = "";
        for (Event e = parser.next(); e != Event.END_ARRAY; e = parser.next()) {
            if (e == Event.VALUE_STRING && PlaybackClaims.AUDIENCE.equals(parser.getString())) {
                found = PlaybackClaims.AUDIENCE;
            }
            skip(parser, e);
        }
        return found;
    }

    private static String required(String value, String name) throws InvalidTokenException {
        if (value == null || value.isEmpty()) {
            throw new InvalidTokenException(Reason.MALFORMED, "claim " + name + " missing");
        }
        return value;
    }

    /** Missing is malformed; present but not ours ("" included) is the wrong audience, decided by the caller. */
    private static String requiredAudience(String aud) throws InvalidTokenException {
        if (aud == null) {
            throw new InvalidTokenException(Reason.MALFORMED, "claim aud missing");
        }
        return aud;
    }

    private static long requiredNumber(int seen, int bit, long value, String name) throws InvalidTokenException {
        if ((seen & bit) == 0) {
            throw new InvalidTokenException(Reason.MALFORMED, "claim " + name + " missing");
        }
        return value;
    }

    private static InvalidTokenException notJson() {
        return new InvalidTokenException(Reason.MALFORMED, "token part is not a JSON object");
    }
}
