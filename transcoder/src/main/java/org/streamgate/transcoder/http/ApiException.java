package org.streamgate.transcoder.http;

import io.helidon.http.Status;

/** A request that cannot be served; {@link ErrorHandlers} turns it into {@code {"error":code,"message":...}}. */
public final class ApiException extends RuntimeException {

    private final Status status;
    private final String code;

    public ApiException(Status status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public Status status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(Status.BAD_REQUEST_400, "bad_request", message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(Status.NOT_FOUND_404, "not_found", message);
    }
}
