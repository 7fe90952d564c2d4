package org.streamgate.platform.http;

import io.helidon.webserver.http.ServerRequest;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reading request bodies: bounded in size (413 beyond the limit), malformed JSON is a 400, never a 500.
 * Field readers name the field in their error messages.
 */
public final class JsonBodies {

    /** Default cap for JSON request bodies. */
    public static final int MAX_JSON_BYTES = 64 * 1024;

    private JsonBodies() {
    }

    public static byte[] readBytes(ServerRequest req, int maxBytes) {
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] data = in.readNBytes(maxBytes + 1);
            if (data.length > maxBytes) {
                throw new ApiException(413, "payload_too_large", "request body exceeds " + maxBytes + " bytes");
            }
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonObject object(ServerRequest req) {
        return object(readBytes(req, MAX_JSON_BYTES));
    }

    /** Like {@link #object(ServerRequest)} but an empty body is an empty object. */
    public static JsonObject objectOrEmpty(ServerRequest req) {
        byte[] data = readBytes(req, MAX_JSON_BYTES);
        return data.length == 0 ? JsonValue.EMPTY_JSON_OBJECT : object(data);
    }

    static JsonObject object(byte[] data) {
        if (data.length == 0) {
            throw ApiException.malformed("request body must be a JSON object");
        }
        try (JsonReader reader = Jsons.PROVIDER.createReader(new ByteArrayInputStream(data))) {
            JsonStructure structure = reader.read();
            if (structure instanceof JsonObject o) {
                return o;
            }
            throw ApiException.malformed("request body must be a JSON object");
        } catch (JsonException | IllegalStateException e) {
            throw ApiException.malformed("request body is not valid JSON");
        }
    }

    public static String optionalString(JsonObject json, String name) {
        JsonValue v = json.get(name);
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (v instanceof JsonString s) {
            return s.getString();
        }
        throw ApiException.invalid("field " + name + " must be a string");
    }

    public static String requiredString(JsonObject json, String name) {
        String s = optionalString(json, name);
        if (s == null || s.isBlank()) {
            throw ApiException.invalid("field " + name + " is required");
        }
        return s;
    }

    public static Integer optionalInt(JsonObject json, String name) {
        JsonValue v = json.get(name);
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (v instanceof JsonNumber n && n.isIntegral()) {
            try {
                return n.intValueExact();
            } catch (ArithmeticException e) {
                throw ApiException.invalid("field " + name + " is out of range");
            }
        }
        throw ApiException.invalid("field " + name + " must be an integer");
    }

    public static Instant optionalInstant(JsonObject json, String name) {
        String s = optionalString(json, name);
        if (s == null || s.isBlank()) {
            return null;
        }
        return parseInstant(s, name);
    }

    public static Instant requiredInstant(JsonObject json, String name) {
        Instant i = optionalInstant(json, name);
        if (i == null) {
            throw ApiException.invalid("field " + name + " is required");
        }
        return i;
    }

    public static Instant parseInstant(String s, String name) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e2) {
                throw ApiException.invalid("field " + name + " must be an ISO-8601 instant such as 2030-01-31T18:00:00Z");
            }
        }
    }

    public static JsonArray optionalArray(JsonObject json, String name) {
        JsonValue v = json.get(name);
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (v instanceof JsonArray a) {
            return a;
        }
        throw ApiException.invalid("field " + name + " must be an array");
    }
}
