package org.streamgate.common.token;

import java.util.Optional;

/**
 * The current signing key and, during a rotation, the previous one, which still verifies but never signs.
 */
public record SigningKeys(SigningKey current, Optional<SigningKey> previous) {

    /** @param previousSecret {@code null} or blank when no rotation is under way */
    public static SigningKeys of(String currentSecret, String previousSecret) {
        SigningKey current = SigningKey.of(currentSecret);
        Optional<SigningKey> previous = previousSecret == null || previousSecret.isBlank()
                ? Optional.empty()
                : Optional.of(SigningKey.of(previousSecret));
        return new SigningKeys(current, previous);
    }

    Optional<SigningKey> byKid(String kid) {
        if (current.kid().equals(kid)) {
            return Optional.of(current);
        }
        return previous.filter(p -> p.kid().equals(kid));
    }

    /** The key whose own encoded header is exactly {@code ascii[from, to)}, or {@code null}. */
    SigningKey byEncodedHeader(byte[] ascii, int from, int to) {
        if (current.isEncodedHeader(ascii, from, to)) {
            return current;
        }
        return previous.isPresent() && previous.get().isEncodedHeader(ascii, from, to) ? previous.get() : null;
    }
}
