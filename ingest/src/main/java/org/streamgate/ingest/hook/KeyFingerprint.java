package org.streamgate.ingest.hook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The only form in which a stream key may appear in logs: the first 8 hex digits of its SHA-256. */
public final class KeyFingerprint {

    private KeyFingerprint() {
    }

    public static String of(String streamKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((streamKey == null ? "" : streamKey).getBytes(StandardCharsets.UTF_8));
            return "key#" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
