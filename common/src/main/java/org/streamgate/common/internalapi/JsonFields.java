package org.streamgate.common.internalapi;

import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.util.Map;

/** Building internal payloads and reading their fields, with messages that name the field. */
final class JsonFields {

    /** Looked up once: {@code Json.createObjectBuilder()} searches the class path for a provider on every call. */
    static final JsonBuilderFactory BUILDERS = JsonProvider.provider().createBuilderFactory(Map.of());

    private JsonFields() {
    }

    static String requiredString(JsonObject json, String name) {
        JsonValue value = json.get(name);
        if (value instanceof JsonString s && !s.getString().isBlank()) {
            return s.getString();
        }
        throw new IllegalArgumentException("field " + name + " must be a non-empty string");
    }

    static String optionalString(JsonObject json, String name, String fallback) {
        JsonValue value = json.get(name);
        if (value == null || value == JsonValue.NULL) {
            return fallback;
        }
        if (value instanceof JsonString s) {
            return s.getString();
        }
        throw new IllegalArgumentException("field " + name + " must be a string");
    }
}
