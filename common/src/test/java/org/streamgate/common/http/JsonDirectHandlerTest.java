package org.streamgate.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.helidon.http.DirectHandler;
import io.helidon.http.DirectHandler.EventType;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonDirectHandlerTest {

    @Test
    void everyKindOfEventGetsTheJsonErrorBody() {
        Map<EventType, DirectHandler> registered = new EnumMap<>(EventType.class);
        JsonDirectHandler.addTo(registered::put);
        assertEquals(EventType.values().length, registered.size());

        for (EventType type : EventType.values()) {
            ServerResponseHeaders headers = ServerResponseHeaders.create();
            DirectHandler.TransportResponse response = registered.get(type).handle(DirectHandler.TransportRequest.empty(),
                    type, type.defaultStatus(), headers, "GET /streams/e/x.ts?token=eyJsecret%zz");
            assertEquals(type.defaultStatus(), response.status());
            assertEquals("application/json", response.headers().get(HeaderNames.CONTENT_TYPE).get());
            String text = new String(response.entity().orElseThrow(), StandardCharsets.UTF_8);
            JsonObject body = Json.createReader(new StringReader(text)).readObject();
            assertFalse(body.getString("error").isBlank(), text);
            assertFalse(body.getString("message").isBlank(), text);
            assertFalse(text.contains("eyJsecret"), "the request must not be echoed: " + text);
        }
    }

    @Test
    void aMalformedUriIsABadRequestWithAnExplanation() {
        JsonObject body = Json.createReader(new StringReader(new String(
                JsonDirectHandler.body(EventType.BAD_REQUEST, Status.BAD_REQUEST_400), StandardCharsets.UTF_8))).readObject();
        assertEquals("bad_request", body.getString("error"));
        assertEquals("malformed request: check the URL's percent-encoding, the request line and headers",
                body.getString("message"));
    }
}
