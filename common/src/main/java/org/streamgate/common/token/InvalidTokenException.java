package org.streamgate.common.token;

/** A playback token that must not be honoured; {@link #reason()} says why, for metrics and logs. */
public final class InvalidTokenException extends Exception {

    /** Why a token was refused. None of these may carry the token itself. */
    public enum Reason {
        MALFORMED,
        UNSUPPORTED_ALGORITHM,
        UNKNOWN_KEY,
        BAD_SIGNATURE,
        EXPIRED,
        WRONG_AUDIENCE
    }

    private final Reason reason;

    public InvalidTokenException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
