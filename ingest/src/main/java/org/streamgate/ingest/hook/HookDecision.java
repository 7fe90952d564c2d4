package org.streamgate.ingest.hook;

/**
 * What the {@code on_publish} callback decided, with the reason used in logs and metrics.
 *
 * @param allowed whether the publisher may go on
 * @param reason  snake_case, bounded set (see the constants): safe as a metrics label
 * @param status  HTTP status of the answer, or 0 when there was none
 */
public record HookDecision(boolean allowed, String reason, int status) {

    public static final String ALLOWED = "allowed";
    public static final String ALLOWED_NO_HOOK = "allowed_no_hook";
    public static final String DENIED = "denied";
    public static final String TIMEOUT = "timeout";
    public static final String UNREACHABLE = "unreachable";
    public static final String ERROR = "error";

    static HookDecision allow(int status) {
        return new HookDecision(true, ALLOWED, status);
    }

    static HookDecision allowWithoutHook() {
        return new HookDecision(true, ALLOWED_NO_HOOK, 0);
    }

    static HookDecision reject(String reason, int status) {
        return new HookDecision(false, reason, status);
    }
}
