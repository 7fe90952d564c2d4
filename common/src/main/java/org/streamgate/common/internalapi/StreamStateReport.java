package org.streamgate.common.internalapi;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/** Body of {@code POST /internal/events/<eventId>/stream-state} (transcoder → platform). */
public record StreamStateReport(StreamState state, Instant at) {

    public StreamStateReport {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(at, "at");
    }

    public JsonObject toJson() {
        return JsonFields.BUILDERS.createObjectBuilder()
                .add("state", state.wireName())
                .add("at", at.toString())
                .build();
    }

    /** @throws IllegalArgumentException naming the bad field */
    public static StreamStateReport fromJson(JsonObject json) {
        StreamState state = StreamState.fromWire(JsonFields.requiredString(json, "state"));
        try {
            return new StreamStateReport(state, Instant.parse(JsonFields.requiredString(json, "at")));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field at must be an ISO-8601 instant");
        }
    }
}
