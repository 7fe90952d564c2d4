package org.streamgate.platform.event;

import java.security.SecureRandom;

/** Secret stream keys: 32 characters of lowercase base32, 160 random bits (issue 3 asks for >= 128). */
public final class StreamKeys {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
    public static final int LENGTH = 32;

    private final SecureRandom random;

    public StreamKeys(SecureRandom random) {
        this.random = random;
    }

    public String generate() {
        byte[] bytes = new byte[LENGTH];
        random.nextBytes(bytes);
        char[] out = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            out[i] = ALPHABET.charAt(bytes[i] & 31);
        }
        return new String(out);
    }
}
