package org.streamgate.platform.vod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streamgate.platform.TestPlatform;

/** Video upload (DESIGN §3.7): streamed to disk, checked by ffprobe, handed to the transcoder as a VOD job. */
class VodUploadIT {

    private static HttpServer transcoder;
    private static final LinkedBlockingQueue<String> JOBS = new LinkedBlockingQueue<>();
    private static TestPlatform platform;

    @BeforeAll
    static void start() throws IOException {
        transcoder = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        transcoder.createContext("/jobs", exchange -> {
            JOBS.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        transcoder.start();
        platform = TestPlatform.start(Map.of("TRANSCODER_URL", "http://127.0.0.1:" + transcoder.getAddress().getPort(),
                "UPLOAD_MAX_SIZE_MB", "2"));
    }

    @AfterAll
    static void stop() {
        platform.close();
        transcoder.stop(0);
    }

    static Path testVideo(Path dir) throws Exception {
        Path video = dir.resolve("clip.mp4");
        Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                "testsrc2=size=160x120:rate=10", "-t", "2", "-pix_fmt", "yuv420p", "-y", video.toString())
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "ffmpeg made a test video");
        return video;
    }

    static HttpResponse<String> upload(String eventId, String field, String filename, byte[] content) throws Exception {
        String boundary = "sgTestBoundary12345";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(platform.url("/api/admin/events/" + eventId + "/upload")))
                .header("Authorization", "Bearer " + TestPlatform.ADMIN_TOKEN)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void videoIsAcceptedAndBecomesAVod(@TempDir Path dir) throws Exception {
        String eventId = platform.createEvent("Lecture upload").getString("id");
        HttpResponse<String> r = upload(eventId, "file", "lecture.mp4", Files.readAllBytes(testVideo(dir)));
        assertEquals(202, r.statusCode(), r.body());
        String job = JOBS.poll(10, TimeUnit.SECONDS);
        assertNotNull(job);
        assertTrue(job.contains(eventId), job);
        assertTrue(job.matches(".*\"input\":\"/[^\"]*/uploads/" + eventId + "/source-[0-9a-f-]+\\.mp4\".*"), job);
        JsonObject event = platform.admin("GET", "/api/admin/events/" + eventId, null).json();
        assertEquals("processing", event.getJsonObject("vod").getString("state"));

        assertEquals(409, upload(eventId, "file", "again.mp4", new byte[] {1}).statusCode(), "already processing");

        platform.post("/internal/events/" + eventId + "/stream-state", "{\"state\":\"live\",\"at\":\"" + platform.clock.instant() + "\"}",
                "X-Internal-Api-Key", TestPlatform.INTERNAL_KEY);
        assertEquals("scheduled", platform.admin("GET", "/api/admin/events/" + eventId, null).json().getString("status"),
                "an upload being transcoded is not a live stream");
        platform.post("/internal/events/" + eventId + "/stream-state",
                "{\"state\":\"ended\",\"at\":\"" + platform.clock.instant().plusSeconds(1) + "\"}",
                "X-Internal-Api-Key", TestPlatform.INTERNAL_KEY);
        event = platform.admin("GET", "/api/admin/events/" + eventId, null).json();
        assertEquals("ready", event.getJsonObject("vod").getString("state"));
        assertEquals(100, event.getJsonObject("vod").getInt("progress"));
        assertEquals("ended", event.getString("status"));
    }

    @Test
    void refusals() throws Exception {
        String eventId = platform.createEvent("Bad uploads").getString("id");
        HttpResponse<String> notVideo = upload(eventId, "file", "notes.txt", "just text, not a video".getBytes(StandardCharsets.UTF_8));
        assertEquals(415, notVideo.statusCode(), notVideo.body());
        assertEquals(413, upload(eventId, "file", "big.mp4", new byte[3 * 1024 * 1024]).statusCode());
        assertEquals(400, upload(eventId, "other", "x.mp4", new byte[10]).statusCode());
        assertEquals(415, platform.admin("POST", "/api/admin/events/" + eventId + "/upload", "{}").status());
        assertEquals(401, platform.post("/api/admin/events/" + eventId + "/upload", "x").status());
        try (var files = Files.list(Path.of(platform.config.uploadDir().toString(), eventId))) {
            assertEquals(0, files.count(), "refused uploads leave nothing behind");
        }
    }
}
