package org.streamgate.common.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import org.streamgate.common.production.SecretPolicy;

/**
 * One HS256 secret and its key id. The key id is derived from the secret, so every node that holds the same
 * secret agrees on it without a separate setting, and a token names the key it was signed with.
 */
public final class SigningKey {

    /** DESIGN §3.3: the secret must be at least this long; the one number lives in {@link SecretPolicy}. */
    public static final int MIN_SECRET_BYTES = SecretPolicy.MIN_SECRET_BYTES;

    private final String kid;
    private final Mac prototype;
    /** The base64url header this key's tokens carry: {@code {"alg":"HS256","typ":"JWT","kid":"<kid>"}}. */
    private final String encodedHeader;
    private final byte[] encodedHeaderBytes;
    /** {@link #prototype} after {@code encodedHeader + "."}: what every token signed here starts with. */
    private final Mac afterHeader;

    private SigningKey(String kid, Mac prototype) {
        this.kid = kid;
        this.prototype = prototype;
        String header = Hs256.JSON_BUILDERS.createObjectBuilder()
                .add("alg", "HS256")
                .add("typ", "JWT")
                .add("kid", kid)
                .build()
                .toString();
        this.encodedHeader = Hs256.B64.encodeToString(header.getBytes(StandardCharsets.UTF_8));
        this.encodedHeaderBytes = encodedHeader.getBytes(StandardCharsets.US_ASCII);
        this.afterHeader = Hs256.copy(prototype);
        afterHeader.update(encodedHeaderBytes);
        afterHeader.update((byte) '.');
    }

    /**
     * @param secret the configured secret text; its UTF-8 bytes are the HMAC key
     * @throws IllegalArgumentException if shorter than {@link #MIN_SECRET_BYTES} bytes
     */
    public static SigningKey of(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("secret has " + bytes.length + " bytes, needs at least " + MIN_SECRET_BYTES);
        }
        return new SigningKey(deriveKid(bytes), Hs256.prototype(bytes));
    }

    public String kid() {
        return kid;
    }

    /** HMAC-SHA256 of {@code signingInput} under this key; safe to call from many threads. */
    byte[] mac(byte[] signingInput) {
        return Hs256.mac(prototype, signingInput);
    }

    /** The same over {@code input[offset, offset + length)}. */
    byte[] mac(byte[] input, int offset, int length) {
        return Hs256.mac(prototype, input, offset, length);
    }

    /** The encoded header of tokens signed with this key (the signer's first part). */
    String encodedHeader() {
        return encodedHeader;
    }

    /** Whether {@code ascii[from, to)} is exactly {@link #encodedHeader()}. */
    boolean isEncodedHeader(byte[] ascii, int from, int to) {
        return Arrays.equals(ascii, from, to, encodedHeaderBytes, 0, encodedHeaderBytes.length);
    }

    /**
     * The MAC of {@code encodedHeader() + "." + payload}, where the payload is {@code ascii[from, to)}: the state
     * after the header is computed once, so only the payload is hashed per call.
     */
    byte[] macAfterHeader(byte[] ascii, int from, int to) {
        return Hs256.mac(afterHeader, ascii, from, to - from);
    }

    private static String deriveKid(byte[] secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("streamgate-kid:".getBytes(StandardCharsets.US_ASCII));
            byte[] digest = sha.digest(secret);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 9));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "SigningKey[kid=" + kid + "]";
    }
}
