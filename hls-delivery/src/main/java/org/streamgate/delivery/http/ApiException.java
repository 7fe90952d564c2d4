package org.streamgate.delivery.http;

/**
 * A request that ends with a JSON error body (DESIGN §3): feature code throws this, {@link ErrorHandlers} writes it.
 * The message is shown to the client, so it must never contain a token or a file system path.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    public static ApiException notFound() {
        return new ApiException(404, "not_found", "no such stream file");
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
