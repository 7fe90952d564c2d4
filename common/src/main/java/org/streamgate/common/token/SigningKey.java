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

    private SigningKey(String kid, Mac prototype) {
        this.kid = kid;
        this.prototype = prototype;
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
