package org.streamgate.common.production;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one rule for secret strength (DESIGN §4), shared by every service so that a secret one node accepts is never
 * refused by another: {@code PLAYBACK_SIGNING_SECRET}, {@code INTERNAL_API_KEY}, {@code ADMIN_API_TOKEN} and the
 * internal key in ingest's callback URLs.
 *
 * <p>In development only the length matters where a service already checked it (an HMAC key shorter than
 * {@link #MIN_SECRET_BYTES} is refused everywhere). In production a secret must also not be obviously weak, not a
 * placeholder copied from {@code ops/env/*.env.example}, and not a generated development secret. Development secrets
 * carry {@link #DEV_MARKER} as a prefix precisely so that production recognises them on any node, also on one that
 * never saw the {@code dev.env} file they came from.
 */
public final class SecretPolicy {

    /** DESIGN §3.3, §4: 256 bits for HS256, and the same floor for every other shared secret. */
    public static final int MIN_SECRET_BYTES = 32;
    /** Random text of 32+ characters has far more; {@code aaaa…} or {@code 1212…} has far fewer. */
    public static final int MIN_DISTINCT_CHARACTERS = 10;
    /** Every secret {@code DevSecrets} generates starts with this. */
    public static final String DEV_MARKER = "dev-";

    /**
     * Words of the placeholders in example files ({@code CHANGE-ME}, {@code replace-with-...},
     * {@code example-secret}); all at least six letters, so a random secret contains one by chance with a probability
     * of about one in ten million.
     */
    private static final List<String> PLACEHOLDER_WORDS = List.of("change", "replace", "example", "placeholder", "insert");

    private SecretPolicy() {
    }

    /** The problem production has with {@code value}, if any; {@code null} or blank is {@link SecretProblem#MISSING}. */
    public static Optional<SecretProblem> productionProblem(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of(SecretProblem.MISSING);
        }
        if (isDevSecret(value)) {
            return Optional.of(SecretProblem.DEV_SECRET);
        }
        if (!isLongEnough(value)) {
            return Optional.of(SecretProblem.TOO_SHORT);
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (PLACEHOLDER_WORDS.stream().anyMatch(lower::contains)) {
            return Optional.of(SecretProblem.PLACEHOLDER);
        }
        if (value.codePoints().distinct().count() < MIN_DISTINCT_CHARACTERS) {
            return Optional.of(SecretProblem.TOO_FEW_DISTINCT_CHARACTERS);
        }
        return Optional.empty();
    }

    /** The length rule alone, which development keeps applying where a service checked it before. */
    public static boolean isLongEnough(String value) {
        return value != null && value.getBytes(StandardCharsets.UTF_8).length >= MIN_SECRET_BYTES;
    }

    public static boolean isDevSecret(String value) {
        return value != null && value.trim().startsWith(DEV_MARKER);
    }

    /** A development secret from {@code randomText} (already random, e.g. 32 random bytes in URL-safe base64). */
    public static String devSecret(String randomText) {
        return DEV_MARKER + randomText;
    }
}
