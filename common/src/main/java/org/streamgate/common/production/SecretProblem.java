package org.streamgate.common.production;

/** Why {@link SecretPolicy} refuses a secret. The text never contains the secret itself. */
public enum SecretProblem {
    MISSING("is required when STREAMGATE_ENV=production"),
    TOO_SHORT("must be at least " + SecretPolicy.MIN_SECRET_BYTES + " bytes"),
    TOO_FEW_DISTINCT_CHARACTERS("is too weak: fewer than " + SecretPolicy.MIN_DISTINCT_CHARACTERS
            + " distinct characters (generate one with: openssl rand -base64 48)"),
    PLACEHOLDER("is a placeholder from an example file, not a secret (generate one with: openssl rand -base64 48)"),
    DEV_SECRET("is a generated development secret (prefix '" + SecretPolicy.DEV_MARKER
            + "'); production needs its own (generate one with: openssl rand -base64 48)");

    private final String reason;

    SecretProblem(String reason) {
        this.reason = reason;
    }

    /** Human text to put after the key, e.g. {@code "INTERNAL_API_KEY " + reason()}. */
    public String reason() {
        return reason;
    }
}
