package org.streamgate.common.token;

import jakarta.json.JsonBuilderFactory;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParserFactory;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256, the base64url flavour JWTs use, and the JSON factories; shared by the signer and the verifier.
 * The factories are looked up once: {@code Json.createParser} searches for a provider on every call, which made
 * verification a hundred times slower.
 */
final class Hs256 {

    static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    static final JsonBuilderFactory JSON_BUILDERS;
    static final JsonParserFactory JSON_PARSERS;

    static {
        JsonProvider provider = JsonProvider.provider();
        JSON_BUILDERS = provider.createBuilderFactory(Map.of());
        JSON_PARSERS = provider.createParserFactory(Map.of());
    }

    private Hs256() {
    }

    /** A MAC initialised with {@code secret}, to be {@linkplain #mac(Mac, byte[]) cloned} for each use. */
    static Mac prototype(byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Cloning an initialised MAC skips the provider lookup and key setup; Mac itself is not thread-safe. */
    static byte[] mac(Mac prototype, byte[] signingInput) {
        return mac(prototype, signingInput, 0, signingInput.length);
    }

    /**
     * The MAC of {@code input[offset, offset + length)}, continuing from the prototype's state. A pool of MACs
     * instead of a clone per call was measured and gave nothing (docs/PERFORMANCE.md).
     */
    static byte[] mac(Mac prototype, byte[] input, int offset, int length) {
        Mac mac = copy(prototype);
        mac.update(input, offset, length);
        return mac.doFinal();
    }

    /** A clone, in the same state. */
    static Mac copy(Mac mac) {
        try {
            return (Mac) mac.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 provider cannot clone", e);
        }
    }
}
