package org.streamgate.platform.event;

import org.streamgate.platform.http.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;

/** The JSON shapes of an event: what viewers may see, and the admin view with the OBS settings. */
public final class EventJson {

    private EventJson() {
    }

    /** {@code {id,title,description,startsAt,endsAt,posterUrl,status}}: no stream key. */
    public static JsonObject viewer(Event e) {
        JsonObjectBuilder b = Jsons.PROVIDER.createObjectBuilder()
                .add("id", e.id().toString())
                .add("title", e.title())
                .add("description", e.description())
                .add("startsAt", e.startsAt().toString())
                .add("endsAt", e.endsAt().toString());
        nullable(b, "posterUrl", e.posterUrl());
        return b.add("status", e.status()).build();
    }

    public static JsonObject admin(Event e, String rtmpUrl) {
        JsonObjectBuilder b = Jsons.PROVIDER.createObjectBuilder()
                .add("id", e.id().toString())
                .add("title", e.title())
                .add("description", e.description())
                .add("startsAt", e.startsAt().toString())
                .add("endsAt", e.endsAt().toString())
                .add("accessWindowHours", e.accessWindowHours());
        nullable(b, "posterUrl", e.posterUrl());
        b.add("profile", e.profile().wireName())
                .add("status", e.status())
                .add("streamStatus", e.streamStatus())
                .add("streamFailed", e.streamFailed())
                .add("archived", e.archived())
                .add("streamKey", e.streamKey())
                .add("rtmpUrl", rtmpUrl)
                .add("obs", Jsons.PROVIDER.createObjectBuilder().add("server", rtmpUrl).add("streamKey", e.streamKey()))
                .add("codesExpireAt", e.defaultCodeExpiry().toString())
                .add("publishing", e.publisherSince() != null);
        if (e.vodState() != null) {
            b.add("vod", Jsons.PROVIDER.createObjectBuilder().add("state", e.vodState())
                    .add("progress", e.vodProgress() == null ? 0 : e.vodProgress()));
        }
        instant(b, "lastStateAt", e.lastStateAt());
        instant(b, "createdAt", e.createdAt());
        instant(b, "updatedAt", e.updatedAt());
        return b.build();
    }

    /** The admin view plus {@code codes: {total, unused, redeemed, in_use, expired, revoked}}. */
    public static JsonObject admin(Event e, String rtmpUrl, java.util.Map<String, Long> codeCounts) {
        JsonObjectBuilder counts = Jsons.PROVIDER.createObjectBuilder();
        long total = 0;
        for (String status : new String[] {"unused", "redeemed", "in_use", "expired", "revoked"}) {
            long n = codeCounts == null ? 0 : codeCounts.getOrDefault(status, 0L);
            counts.add(status, n);
            total += n;
        }
        counts.add("total", total);
        return Jsons.PROVIDER.createObjectBuilder(admin(e, rtmpUrl)).add("codes", counts).build();
    }

    static void nullable(JsonObjectBuilder b, String name, String value) {
        if (value == null) {
            b.addNull(name);
        } else {
            b.add(name, value);
        }
    }

    static void instant(JsonObjectBuilder b, String name, Instant value) {
        if (value == null) {
            b.addNull(name);
        } else {
            b.add(name, value.toString());
        }
    }
}
