package org.streamgate.ops.e2e;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;

public final class Json {

    private Json() {
    }

    public static JsonObject parse(String body) {
        try (JsonReader reader = jakarta.json.Json.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }
}
