package org.streamgate.common.internalapi;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One entry of the revocation feed (DESIGN §3.5). Un-revoking is a change too ({@code revoked=false}).
 *
 * @param kind what {@code id} names
 * @param id   access-code id, session id or event id
 */
public record RevocationChange(Kind kind, String id, boolean revoked, Instant at) {

    public enum Kind {
        CODE, SESSION, EVENT;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind fromWire(String value) {
            for (Kind k : values()) {
                if (k.wireName().equals(value)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown revocation kind: " + value);
        }
    }

    public RevocationChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
    }

    public JsonObject toJson() {
        return JsonFields.BUILDERS.createObjectBuilder()
                .add("kind", kind.wireName())
                .add("id", id)
                .add("revoked", revoked)
                .add("at", at.toString())
                .build();
    }

    /** @throws IllegalArgumentException naming the bad field */
    public static RevocationChange fromJson(JsonObject json) {
        JsonValue revoked = json.get("revoked");
        if (revoked != JsonValue.TRUE && revoked != JsonValue.FALSE) {
            throw new IllegalArgumentException("field revoked must be a boolean");
        }
        return new RevocationChange(
                Kind.fromWire(JsonFields.requiredString(json, "kind")),
                JsonFields.requiredString(json, "id"),
                revoked == JsonValue.TRUE,
                Instant.parse(JsonFields.requiredString(json, "at")));
    }
}
