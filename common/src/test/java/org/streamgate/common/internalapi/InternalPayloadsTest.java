package org.streamgate.common.internalapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InternalPayloadsTest {

    @Test
    void jobRequestRoundTrips() {
        JobRequest job = new JobRequest("e1", "rtmp://127.0.0.1:1935/live/k", StreamProfile.ABR);
        assertEquals(job, JobRequest.fromJson(job.toJson()));
    }

    @Test
    void jobRequestDefaultsToCopyAndNamesBadFields() {
        JobRequest job = JobRequest.fromJson(Json.createObjectBuilder().add("eventId", "e").add("input", "i").build());
        assertEquals(StreamProfile.COPY, job.profile());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JobRequest.fromJson(Json.createObjectBuilder().add("input", "i").build()));
        assertTrue(e.getMessage().contains("eventId"));
        assertThrows(IllegalArgumentException.class, () -> JobRequest.fromJson(Json.createObjectBuilder()
                .add("eventId", "e").add("input", "i").add("profile", "4k").build()));
    }

    @Test
    void streamStateReportRoundTrips() {
        StreamStateReport report = new StreamStateReport(StreamState.RECONNECTING, Instant.parse("2026-12-02T10:00:00Z"));
        assertEquals(report, StreamStateReport.fromJson(report.toJson()));
        assertEquals("reconnecting", report.toJson().getString("state"));
    }

    @Test
    void revocationChangeRoundTrips() {
        RevocationChange change = new RevocationChange(RevocationChange.Kind.SESSION, "s1", false, Instant.EPOCH);
        assertEquals(change, RevocationChange.fromJson(change.toJson()));
    }

    @Test
    void internalKeyComparesExactly() {
        InternalApiKey key = InternalApiKey.of("secret-key");
        assertTrue(key.matches("secret-key"));
        assertFalse(key.matches("secret-kez"));
        assertFalse(key.matches(null));
        assertFalse(key.toString().contains("secret"));
    }
}
