package org.streamgate.ops.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.streamgate.ops.e2e.Http;
import org.streamgate.ops.e2e.StreamGateStack;
import org.streamgate.ops.e2e.TestPatternPublisher;

/**
 * The viewer portal in a real Chromium against the real stack: a code typed into the portal plays a live test
 * pattern through hls.js (token in the {@code Authorization} header), and revoking that code from the admin API
 * puts the "revoked" screen up within the revocation goal.
 */
@ExtendWith(SharedStack.class)
class BrowserPlaybackIT {

    /** Revocation goal for the viewer's screen: delivery refuses the next playlist reload (~2 s), heartbeat says why. */
    private static final Duration REVOKED_SCREEN_WITHIN = Duration.ofSeconds(10);

    private static StreamGateStack stack;
    private static Browser browser;
    private final Http http = new Http();

    @BeforeAll
    static void start(SharedStack.Resources shared) {
        stack = shared.stack();
        browser = shared.browser();
    }

    @Test
    void viewerWatchesALiveStreamUntilTheCodeIsRevoked(@TempDir Path tmp) throws Exception {
        Instant now = Instant.now();
        JsonObject event = createEvent("Browser playback test", now, now.plusSeconds(7200));
        List<JsonObject> codes = generateCodes(event.getString("id"), 2);
        String code = codes.get(0).getString("code");

        try (TestPatternPublisher publisher = TestPatternPublisher.start(stack.rtmpUrl(event.getString("streamKey")),
                tmp.resolve("publisher.log"))) {
            browser.size(1280, 860);
            browser.open(stack.platformUrl() + "/");
            browser.await("the code entry page", Duration.ofSeconds(10),
                    () -> "entry".equals(browser.js("return document.body.dataset.screen")));
            browser.screenshot("portal");

            long entered = System.nanoTime();
            browser.driver.findElement(By.id("code")).sendKeys(code.toLowerCase().replace("-", " "));
            browser.driver.findElement(By.id("code-submit")).click();
            browser.await("the player screen", Duration.ofSeconds(10),
                    () -> "player".equals(browser.js("return document.body.dataset.screen")));
            Duration toPlaying = browser.await("video.currentTime > 3 s", Duration.ofSeconds(60), () -> {
                assertTrue(publisher.isAlive(), "the publisher died" + stack.logs());
                Object t = browser.js("return document.getElementById('video').currentTime");
                return t instanceof Number n && n.doubleValue() > 3.0;
            });
            System.out.printf("[figure] code entered -> video.currentTime > 3 s: %.2f s (%.2f s waiting in this call)%n",
                    (System.nanoTime() - entered) / 1e9, toPlaying.toMillis() / 1e3);
            assertEquals("LIVE", browser.driver.findElement(By.id("badge")).getText());
            assertEquals(Boolean.FALSE, browser.js("return document.getElementById('video').paused"));
            browser.screenshot("player");

            long revokedAt = System.nanoTime();
            Http.Response revoke = http.postJson(stack.platformUrl() + "/api/admin/tokens/"
                    + codes.get(0).getString("id") + "/revoke", stack.adminToken, "{}");
            assertEquals(200, revoke.status(), revoke.body());
            browser.await("the revoked screen", REVOKED_SCREEN_WITHIN,
                    () -> "revoked".equals(browser.js("return document.body.dataset.end")));
            System.out.printf("[figure] revoke request -> revoked screen shown: %.2f s%n",
                    (System.nanoTime() - revokedAt) / 1e9);
            assertTrue(browser.driver.findElement(By.id("message-title")).getText().contains("revoked"),
                    browser.driver.findElement(By.id("message-title")).getText());
            assertEquals(Boolean.TRUE, browser.js("var v = document.getElementById('video'); return v.paused || !v.currentSrc"));
            browser.screenshot("player-revoked");

            // the QR link of a printed ticket: pre-filled and submitted; a revoked code gets its own message
            browser.open(stack.platformUrl() + "/?code=" + code);
            browser.await("the revoked-code message", Duration.ofSeconds(10), () -> {
                Object text = browser.js("var e = document.getElementById('entry-error'); return e.hidden ? null : e.textContent");
                return text != null && text.toString().contains("revoked");
            });
        }
    }

    @Test
    void beforeTheStartTheViewerSeesACountdownAndPhonesGetAReadableLayout() throws Exception {
        Instant now = Instant.now();
        JsonObject event = createEvent("Opening night <b>gala</b>", now.plusSeconds(3 * 3600), now.plusSeconds(5 * 3600));
        String code = generateCodes(event.getString("id"), 1).get(0).getString("code");

        browser.size(390, 844);
        browser.open(stack.platformUrl() + "/?code=" + code);
        browser.await("the waiting room", Duration.ofSeconds(10),
                () -> "waiting".equals(browser.js("return document.body.dataset.screen")));
        browser.await("a running countdown", Duration.ofSeconds(5), () -> {
            Object text = browser.js("return document.getElementById('countdown').textContent");
            return text != null && text.toString().matches("0?2:5\\d:\\d\\d");
        });
        assertEquals("Opening night <b>gala</b>", browser.driver.findElement(By.id("wait-title")).getText());
        assertEquals(Boolean.FALSE, browser.js("return document.documentElement.scrollWidth > window.innerWidth"),
                "the waiting room scrolls sideways on a phone");
        browser.screenshot("portal-waiting-phone");

        // an unknown code, typed on a phone
        browser.open(stack.platformUrl() + "/");
        browser.driver.findElement(By.id("code")).sendKeys("AAAA-BBBB-CCCC");
        browser.driver.findElement(By.id("code-submit")).click();
        browser.await("the invalid-code message", Duration.ofSeconds(10), () -> {
            Object text = browser.js("var e = document.getElementById('entry-error'); return e.hidden ? null : e.textContent");
            return text != null && text.toString().contains("couldn't find");
        });
        assertEquals(Boolean.FALSE, browser.js("return document.documentElement.scrollWidth > window.innerWidth"));
        browser.screenshot("portal-invalid-phone");
        browser.size(1280, 860);
    }

    private JsonObject createEvent(String title, Instant startsAt, Instant endsAt) throws Exception {
        Http.Response created = http.postJson(stack.platformUrl() + "/api/admin/events", stack.adminToken,
                jakarta.json.Json.createObjectBuilder().add("title", title).add("description", "A test pattern from ffmpeg.")
                        .add("startsAt", startsAt.toString()).add("endsAt", endsAt.toString()).add("profile", "copy")
                        .build().toString());
        assertEquals(201, created.status(), created.body());
        return created.json();
    }

    private List<JsonObject> generateCodes(String eventId, int count) throws Exception {
        Http.Response response = http.postJson(stack.platformUrl() + "/api/admin/events/" + eventId + "/tokens",
                stack.adminToken, "{\"count\":" + count + ",\"label\":\"browser test\"}");
        assertEquals(201, response.status(), response.body());
        return response.json().getJsonArray("tokens").getValuesAs(JsonObject.class);
    }
}
