package org.streamgate.platform.code;

import java.security.SecureRandom;
import java.util.Optional;

/**
 * Access codes (DESIGN §3.1): 12 characters of Crockford base32 ({@code 0-9 A-Z} without {@code I L O U}) from
 * {@link SecureRandom}. The alphabet has exactly 32 symbols, so each character takes 5 random bits and there is no
 * modulo bias. Input is case-insensitive, ignores spaces and dashes, and reads {@code I}/{@code L} as {@code 1} and
 * {@code O} as {@code 0}. Codes are displayed as {@code XXXX-XXXX-XXXX}.
 *
 * <p>Concurrency: thread-safe ({@link SecureRandom} is).
 */
public final class AccessCodeFormat {

    public static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public static final int LENGTH = 12;

    private final SecureRandom random;

    public AccessCodeFormat(SecureRandom random) {
        this.random = random;
    }

    /** A new normalised code (no dashes). */
    public String generate() {
        byte[] bytes = new byte[(LENGTH * 5 + 7) / 8]; // 60 bits -> 8 bytes
        random.nextBytes(bytes);
        long bits = 0;
        for (byte b : bytes) {
            bits = (bits << 8) | (b & 0xFF);
        }
        char[] out = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            out[i] = ALPHABET.charAt((int) (bits & 31));
            bits >>>= 5;
        }
        return new String(out);
    }

    /** The stored form of what a viewer typed, or empty if it cannot be a code. */
    public static Optional<String> normalise(String input) {
        if (input == null || input.length() > 64) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder(LENGTH);
        for (int i = 0; i < input.length(); i++) {
            char c = Character.toUpperCase(input.charAt(i));
            if (c == ' ' || c == '-' || c == '\t') {
                continue;
            }
            if (c == 'I' || c == 'L') {
                c = '1';
            } else if (c == 'O') {
                c = '0';
            }
            if (ALPHABET.indexOf(c) < 0) {
                return Optional.empty();
            }
            out.append(c);
        }
        return out.length() == LENGTH ? Optional.of(out.toString()) : Optional.empty();
    }

    /** {@code XXXX-XXXX-XXXX}. */
    public static String display(String normalised) {
        return normalised.substring(0, 4) + "-" + normalised.substring(4, 8) + "-" + normalised.substring(8, 12);
    }
}
