package org.streamgate.platform.rtmphook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.streamgate.common.internalapi.JobRequest;
import org.streamgate.common.internalapi.RtmpNotification;
import org.streamgate.common.internalapi.StreamProfile;
import org.streamgate.platform.TestPlatform;
import org.streamgate.platform.TestPlatform.Response;

/** nginx-rtmp publish callbacks (DESIGN §3.6) and transcoder stream-state reports (§3.8). */
class RtmpHookIT {

    private static FakeTranscoder transcoder;
    private static TestPlatform platform;

    @BeforeAll
    static void start() {
        transcoder = new FakeTranscoder();
        platform = TestPlatform.start(Map.of("TRANSCODER_URL", transcoder.url(), "RTMP_PORT", "1940"));
    }

    @AfterAll
    static void stop() {
        platform.close();
        transcoder.close();
    }

    @BeforeEach
    void clear() {
        transcoder.requests.clear();
        transcoder.status.set(202);
        transcoder.failOnce.set(null);
    }

    private static Response publish(String name, String key, String addr) {
        String form = RtmpNotification.publish("live", "FMLE/3.0", "", "rtmp://localhost:1935/live", "", addr, "42", name, "")
                .toFormBody();
        return platform.post("/internal/rtmp/on_publish" + (key == null ? "" : "?key=" + key), form,
                "Content-Type", "application/x-www-form-urlencoded");
    }

    private static Response state(String eventId, String state, Instant at) {
        return platform.post("/internal/events/" + eventId + "/stream-state",
                "{\"state\":\"" + state + "\",\"at\":\"" + at + "\"}", "X-Internal-Api-Key", TestPlatform.INTERNAL_KEY);
    }

    private static String status(String eventId) {
        return platform.admin("GET", "/api/admin/events/" + eventId, null).json().getString("status");
    }

    @Test
    void knownKeyIsAllowedMarkedLiveAndTheJobStarted() throws Exception {
        JsonObject event = platform.createEvent("Live show");
        assertEquals("rtmp://localhost:1940/live", event.getString("rtmpUrl"));
        String key = event.getString("streamKey");
        assertTrue(key.length() >= 26, "stream key has >= 128 bits");
        Response r = publish(key, TestPlatform.INTERNAL_KEY, "10.0.0.5");
        assertEquals(200, r.status(), r.body());
        assertEquals("live", status(event.getString("id")));

        FakeTranscoder.Received job = transcoder.next(event.getString("id"), 10_000);
        assertNotNull(job, "transcoder got a job request");
        assertEquals("POST", job.method());
        assertEquals("/jobs", job.path());
        assertEquals(TestPlatform.INTERNAL_KEY, job.key());
        JobRequest request = JobRequest.fromJson(Json.createReader(new StringReader(job.body())).readObject());
        assertEquals(event.getString("id"), request.eventId());
        assertEquals("rtmp://127.0.0.1:1940/live/" + key, request.input());
        assertEquals(StreamProfile.COPY, request.profile());
    }

    @Test
    void jobStartIsRetried() throws Exception {
        JsonObject event = platform.createEvent("Retry");
        transcoder.failOnce.set(event.getString("id"));
        assertEquals(200, publish(event.getString("streamKey"), TestPlatform.INTERNAL_KEY, "10.0.0.6").status());
        assertNotNull(transcoder.next(event.getString("id"), 10_000));
        assertNotNull(transcoder.next(event.getString("id"), 10_000), "retried after a 503");
    }

    @Test
    void refusals() {
        JsonObject event = platform.createEvent("Refusals");
        String key = event.getString("streamKey");
        assertEquals(403, publish("no-such-key", TestPlatform.INTERNAL_KEY, "10.0.0.7").status());
        assertEquals(403, publish("", TestPlatform.INTERNAL_KEY, "10.0.0.7").status());
        assertEquals(403, publish(key, null, "10.0.0.7").status());
        assertEquals(403, publish(key, "wrong", "10.0.0.7").status());
        assertEquals(400, platform.post("/internal/rtmp/on_publish?key=" + TestPlatform.INTERNAL_KEY, "garbage&x=1").status());

        // a second publisher from elsewhere while the first is live
        assertEquals(200, publish(key, TestPlatform.INTERNAL_KEY, "10.0.0.8").status());
        assertEquals(403, publish(key, TestPlatform.INTERNAL_KEY, "10.0.0.9").status());
        assertEquals(200, publish(key, TestPlatform.INTERNAL_KEY, "10.0.0.8").status(), "same host reconnecting");
        // the first went stale: transcoder lost the input
        assertEquals(200, state(event.getString("id"), "reconnecting", platform.clock.instant().plusSeconds(1)).status());
        assertEquals(200, publish(key, TestPlatform.INTERNAL_KEY, "10.0.0.9").status());

        String archivedId = platform.createEvent("Archived").getString("id");
        String archivedKey = platform.admin("GET", "/api/admin/events/" + archivedId, null).json().getString("streamKey");
        platform.admin("POST", "/api/admin/events/" + archivedId + "/archive", "");
        assertEquals(403, publish(archivedKey, TestPlatform.INTERNAL_KEY, "10.0.0.7").status());
    }

    @Test
    void onUpdateKeepsOrDropsThePublisherAndTellsStaleFromLive() {
        JsonObject event = platform.createEvent("Updates");
        String id = event.getString("id");
        String key = event.getString("streamKey");
        assertEquals(200, publish(key, TestPlatform.INTERNAL_KEY, "10.3.0.1").status());
        assertEquals(200, update(key, TestPlatform.INTERNAL_KEY).status());
        assertEquals(403, update(key, "wrong").status());
        assertEquals(403, update("no-such-key", TestPlatform.INTERNAL_KEY).status());
        assertEquals(403, publish(key, TestPlatform.INTERNAL_KEY, "10.3.0.2").status(), "first publisher reports in");

        platform.clock.advance(Duration.ofSeconds(91));
        assertEquals(200, publish(key, TestPlatform.INTERNAL_KEY, "10.3.0.2").status(), "no update for 91 s: stale");

        platform.admin("POST", "/api/admin/events/" + id + "/archive", "");
        Response dropped = update(key, TestPlatform.INTERNAL_KEY);
        assertEquals(403, dropped.status(), "archiving drops the publisher at its next update");
    }

    private static Response update(String name, String key) {
        String form = RtmpNotification.publish("live", "FMLE/3.0", "", "rtmp://localhost:1935/live", "", "10.3.0.1", "42",
                name, "").toFormBody().replace("call=publish", "call=update_publish") + "&time=30&timestamp=30000";
        return platform.post("/internal/rtmp/on_update?key=" + key, form, "Content-Type", "application/x-www-form-urlencoded");
    }

    @Test
    void firstNameFieldCountsAndArgsAreIgnored() {
        String key = platform.createEvent("Args").getString("streamKey");
        String form = "app=live&flashver=x&swfurl=&tcurl=t&pageurl=&addr=10.1.1.1&clientid=1&call=publish&name=" + key
                + "&type=live&name=evil&token=abc";
        assertEquals(200, platform.post("/internal/rtmp/on_publish?key=" + TestPlatform.INTERNAL_KEY, form).status());
        String evil = "app=live&call=publish&name=nope&type=live&name=" + key;
        assertEquals(403, platform.post("/internal/rtmp/on_publish?key=" + TestPlatform.INTERNAL_KEY, evil).status());
    }

    @Test
    void publishDoneIsRecordedAndFreesTheKey() {
        JsonObject event = platform.createEvent("Done");
        String key = event.getString("streamKey");
        assertEquals(200, publish(key, TestPlatform.INTERNAL_KEY, "10.2.0.1").status());
        String done = RtmpNotification.publishDone("live", "", "", "", "", "10.2.0.1", "42", key, "").toFormBody();
        assertEquals(200, platform.post("/internal/rtmp/on_publish_done?key=" + TestPlatform.INTERNAL_KEY, done).status());
        assertEquals(403, platform.post("/internal/rtmp/on_publish_done?key=bad", done).status());
        assertEquals(200, publish(key, TestPlatform.INTERNAL_KEY, "10.2.0.2").status(), "another host after publish_done");
    }

    @Test
    void publishingLongAfterTheEndIsRefused() {
        Instant now = platform.clock.instant();
        Response created = platform.admin("POST", "/api/admin/events", Json.createObjectBuilder()
                .add("title", "Old").add("startsAt", now.minus(Duration.ofDays(3)).toString())
                .add("endsAt", now.minus(Duration.ofDays(2)).toString()).build().toString());
        assertEquals(201, created.status());
        assertEquals(403, publish(created.json().getString("streamKey"), TestPlatform.INTERNAL_KEY, "10.0.0.1").status());
    }

    @Test
    void streamStateDrivesStatus() {
        String id = platform.createEvent("States").getString("id");
        Instant t = platform.clock.instant();
        assertEquals(200, state(id, "live", t).status());
        assertEquals("live", status(id));
        assertEquals(200, state(id, "reconnecting", t.plusSeconds(1)).status());
        assertEquals("reconnecting", status(id));
        Response stale = state(id, "live", t.minusSeconds(10));
        assertEquals(200, stale.status());
        assertEquals(false, stale.json().getBoolean("applied"));
        assertEquals("reconnecting", status(id));
        assertEquals(200, state(id, "failed", t.plusSeconds(2)).status());
        JsonObject e = platform.admin("GET", "/api/admin/events/" + id, null).json();
        assertEquals("ended", e.getString("status"));
        assertTrue(e.getBoolean("streamFailed"));

        assertEquals(403, platform.post("/internal/events/" + id + "/stream-state", "{\"state\":\"live\",\"at\":\"" + t + "\"}").status());
        assertEquals(400, state(id, "exploded", t).status());
        assertEquals(404, state("00000000-0000-0000-0000-000000000000", "live", t).status());
        Response bad = platform.post("/internal/events/" + id + "/stream-state", "{nope", "X-Internal-Api-Key", TestPlatform.INTERNAL_KEY);
        assertEquals(400, bad.status());
        assertNull(bad.header("X-Never"));
    }
}
