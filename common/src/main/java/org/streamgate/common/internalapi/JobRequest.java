package org.streamgate.common.internalapi;

import jakarta.json.JsonObject;
import java.util.Objects;

/**
 * {@code POST /jobs} on the transcoder (DESIGN §3.8).
 *
 * @param eventId the event whose folder under the stream root receives the HLS output
 * @param input   any FFmpeg input URL the platform chose (RTMP pull from ingest, SRT, HLS, a file)
 * @param profile how to transcode
 */
public record JobRequest(String eventId, String input, StreamProfile profile) {

    public JobRequest {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(profile, "profile");
    }

    public JsonObject toJson() {
        return JsonFields.BUILDERS.createObjectBuilder()
                .add("eventId", eventId)
                .add("input", input)
                .add("profile", profile.wireName())
                .build();
    }

    /** @throws IllegalArgumentException naming the bad field */
    public static JobRequest fromJson(JsonObject json) {
        return new JobRequest(
                JsonFields.requiredString(json, "eventId"),
                JsonFields.requiredString(json, "input"),
                StreamProfile.fromWire(JsonFields.optionalString(json, "profile", StreamProfile.COPY.wireName())));
    }
}
