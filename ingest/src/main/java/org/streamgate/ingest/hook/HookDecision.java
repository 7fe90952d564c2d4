package org.streamgate.ingest.hook;

import java.util.Optional;

/**
 * What the {@code on_publish} callback decided, with the reason used in logs and metrics.
 *
 * @param allowed whether the publisher may go on
 * @param reason  snake_case, bounded set (see the constants): safe as a metrics label
 * @param status  HTTP status of the answer, or 0 when there was none
 * @param rename  the stream name to publish under instead (a 3xx {@code Location}), if any
 */
public record HookDecision(boolean allowed, String reason, int status, Optional<String> rename) {

    public static final String ALLOWED = "allowed";
    public static final String ALLOWED_NO_HOOK = "allowed_no_hook";
    public static final String RENAMED = "renamed";
    public static final String DENIED = "denied";
    public static final String TIMEOUT = "timeout";
    public static final String UNREACHABLE = "unreachable";
    public static final String ERROR = "error";
    /** 3xx to an {@code rtmp://} URL: nginx-rtmp relays (pushes) there; ingest cannot, so it refuses. */
    public static final String RELAY_UNSUPPORTED = "relay_unsupported";
    /** 3xx whose {@code Location} is not usable as a stream name. */
    public static final String BAD_REDIRECT = "bad_redirect";

    public HookDecision {
        rename = rename == null ? Optional.empty() : rename;
    }

    static HookDecision allow(int status) {
        return new HookDecision(true, ALLOWED, status, Optional.empty());
    }

    static HookDecision allowWithoutHook() {
        return new HookDecision(true, ALLOWED_NO_HOOK, 0, Optional.empty());
    }

    static HookDecision renameTo(int status, String newName) {
        return new HookDecision(true, RENAMED, status, Optional.of(newName));
    }

    static HookDecision reject(String reason, int status) {
        return new HookDecision(false, reason, status, Optional.empty());
    }
}
