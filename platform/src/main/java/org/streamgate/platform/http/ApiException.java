package org.streamgate.platform.http;

/**
 * What feature code throws to answer a request with an error. {@link ErrorHandlers} turns it into
 * {@code {"error":"<code>","message":"<message>"}}. The message is shown to clients: never put a code, token or
 * secret in it.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final Long retryAfterSeconds;
    private final java.util.Map<String, String> extra;

    public ApiException(int status, String code, String message) {
        this(status, code, message, null);
    }

    public ApiException(int status, String code, String message, Long retryAfterSeconds) {
        this(status, code, message, retryAfterSeconds, java.util.Map.of());
    }

    private ApiException(int status, String code, String message, Long retryAfterSeconds,
                         java.util.Map<String, String> extra) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
        this.extra = extra;
    }

    /** The same error with one more field in its body (e.g. {@code expiredAt}, for the portal's message). */
    public ApiException with(String field, String value) {
        var fields = new java.util.LinkedHashMap<>(extra);
        fields.put(field, value);
        return new ApiException(status, code, getMessage(), retryAfterSeconds, java.util.Map.copyOf(fields));
    }

    /** Fields added to the body besides {@code error} and {@code message}. */
    public java.util.Map<String, String> extra() {
        return extra;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** For 429 and lockouts: seconds to put in {@code Retry-After}, or {@code null}. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static ApiException malformed(String message) {
        return new ApiException(400, "malformed", message);
    }

    public static ApiException invalid(String message) {
        return new ApiException(400, "invalid_request", message);
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not_found", what + " not found");
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, "unauthorized", message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "forbidden", message);
    }
}
