package org.streamgate.common.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import jakarta.json.spi.JsonProvider;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/**
 * Errors Helidon answers by itself, before any route or error handler runs (a malformed request line, bad
 * percent-encoding in the URI, oversized headers, an unsupported HTTP version), in the error body every
 * StreamGate API uses (DESIGN §3): {@code {"error":"bad_request","message":"..."}}. Helidon's default sends them
 * with an empty body, which tells a client nothing.
 *
 * <p>The message is fixed per kind of error: Helidon's own text can quote the request, and the request may carry
 * a token.
 */
public final class JsonDirectHandler implements DirectHandler {

    private static final JsonProvider JSON = JsonProvider.provider();
    private static final JsonDirectHandler INSTANCE = new JsonDirectHandler();

    private JsonDirectHandler() {
    }

    /**
     * Registers the handler for every kind of event, e.g. {@code .directHandlers(d -> JsonDirectHandler.addTo(d::addHandler))}
     * on a listener (the builder lives in the webserver module, which this one does not depend on).
     */
    public static void addTo(BiConsumer<EventType, DirectHandler> registry) {
        for (EventType type : EventType.values()) {
            registry.accept(type, INSTANCE);
        }
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders headers, String message) {
        byte[] body = body(eventType, status);
        headers.set(HeaderNames.CONTENT_TYPE, "application/json");
        headers.set(HeaderNames.CACHE_CONTROL, "no-store");
        return TransportResponse.builder()
                .status(status)
                .headers(headers)
                .keepAlive(eventType.keepAlive())
                .entity(body)
                .build();
    }

    static byte[] body(EventType type, Status status) {
        String text = switch (type) {
            case BAD_REQUEST -> "malformed request: check the URL's percent-encoding, the request line and headers";
            case PAYLOAD_TOO_LARGE -> "request too large";
            case HTTP_VERSION_NOT_SUPPORTED -> "use HTTP/1.1 or HTTP/2";
            case FORBIDDEN -> "forbidden";
            case INTERNAL_ERROR -> "unexpected server error";
            case OTHER -> status.reasonPhrase();
        };
        String code = status.code() >= 500 && type != EventType.HTTP_VERSION_NOT_SUPPORTED
                ? "internal_error"
                : ErrorCodes.of(status);
        return JSON.createObjectBuilder().add("error", code).add("message", text).build().toString()
                .getBytes(StandardCharsets.UTF_8);
    }
}
