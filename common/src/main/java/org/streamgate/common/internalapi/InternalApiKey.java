package org.streamgate.common.internalapi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The shared key that guards every internal route (DESIGN §3.5, §3.6, §3.8). Services send it in
 * {@link #HEADER}; nginx-rtmp callbacks carry it as {@code ?key=} because nginx-rtmp cannot send headers.
 */
public final class InternalApiKey {

    public static final String HEADER = "X-Internal-Api-Key";
    public static final String QUERY_PARAM = "key";

    private final byte[] key;

    private InternalApiKey(byte[] key) {
        this.key = key;
    }

    public static InternalApiKey of(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("internal API key must not be empty");
        }
        return new InternalApiKey(key.getBytes(StandardCharsets.UTF_8));
    }

    /** Constant-time comparison; {@code null} never matches. */
    public boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(key, presented.getBytes(StandardCharsets.UTF_8));
    }

    /** The value to send; callers must not log it. */
    public String value() {
        return new String(key, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "InternalApiKey[****]";
    }
}
