package org.streamgate.platform.rtmphook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.streamgate.common.internalapi.RtmpNotification;
import org.streamgate.platform.TestPlatform;

/** DESIGN §5: with several transcoders the platform picks a healthy one and ends the job where it runs. */
class TranscoderChoiceIT {

    @Test
    void unhealthyTranscoderIsSkippedAndTheJobEndsWhereItRuns() throws Exception {
        try (FakeTranscoder down = new FakeTranscoder(); FakeTranscoder up = new FakeTranscoder()) {
            down.status.set(503);
            try (TestPlatform platform = TestPlatform.start(Map.of("TRANSCODER_URL", down.url() + "," + up.url()))) {
                JsonObject event = platform.createEvent("two transcoders");
                String id = event.getString("id");
                String form = RtmpNotification.publish("live", "", "", "", "", "10.9.9.9", "1", event.getString("streamKey"), "")
                        .toFormBody();
                assertEquals(200, platform.post("/internal/rtmp/on_publish?key=" + TestPlatform.INTERNAL_KEY, form).status());
                FakeTranscoder.Received job = up.next(id, 10_000);
                assertNotNull(job, "the healthy transcoder got the job");
                assertEquals("/jobs", job.path());

                // the choice is recorded once the transcoder answered the POST
                long deadline = System.currentTimeMillis() + 10_000;
                while (!platform.get("/metrics").body().contains("streamgate_transcoder_job_requests_total{result=\"ok\"} 1")
                        && System.currentTimeMillis() < deadline) {
                    Thread.sleep(20);
                }
                down.requests.clear();
                assertEquals(200, platform.admin("POST", "/api/admin/events/" + id + "/end", "").status());
                FakeTranscoder.Received end = up.requests.poll(5, java.util.concurrent.TimeUnit.SECONDS);
                assertNotNull(end);
                assertEquals("DELETE", end.method());
                assertEquals("/jobs/" + id, end.path());
                assertNull(down.requests.poll(), "the other transcoder is not bothered");
            }
        }
    }
}
