package org.streamgate.ops.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.streamgate.ops.e2e.Http;
import org.streamgate.ops.e2e.StreamGateStack;

/**
 * The admin console in a real Chromium: log in, create an event whose title is a script tag (it must stay text),
 * generate codes, download the CSV, revoke a code; the dashboard and the QR sheet show the result. And an upload:
 * a file that is not a video is refused with a message, a recording becomes the event's replay.
 */
@ExtendWith(SharedStack.class)
class BrowserAdminIT {

    private static final String PASSWORD = "system-test-password";
    private static final String XSS_TITLE = "<script>alert(1)</script> Launch night";

    private static StreamGateStack stack;
    private static Browser browser;

    @BeforeAll
    static void start(SharedStack.Resources shared) {
        stack = shared.stack();
        browser = shared.browser();
    }

    @Test
    void adminCreatesAnEventGeneratesCodesAndDownloadsTheCsv() throws Exception {
        long started = System.nanoTime();
        browser.size(1280, 860);
        browser.driver.get(stack.platformUrl() + "/admin/login");
        browser.driver.manage().deleteAllCookies(); // logged out, whichever test ran before
        browser.driver.get(stack.platformUrl() + "/admin");
        browser.await("the login page", Duration.ofSeconds(10),
                () -> browser.driver.getCurrentUrl().endsWith("/admin/login"));
        browser.screenshot("admin-login");

        browser.driver.findElement(By.id("password")).sendKeys("not-the-password");
        browser.driver.findElement(By.id("login-submit")).click();
        browser.await("the wrong-password message", Duration.ofSeconds(10), () -> visibleText(".form-error").contains("Wrong password"));

        WebElement password = browser.driver.findElement(By.id("password"));
        password.clear();
        password.sendKeys(PASSWORD);
        browser.driver.findElement(By.id("login-submit")).click();
        browser.await("the dashboard", Duration.ofSeconds(10),
                () -> browser.driver.getCurrentUrl().endsWith("/admin") && !browser.driver.findElements(By.id("new-event")).isEmpty());

        browser.driver.findElement(By.id("new-event")).click();
        browser.await("the new-event form", Duration.ofSeconds(10), () -> !browser.driver.findElements(By.id("event-form")).isEmpty());
        // a validation message from the API: end before start
        browser.driver.findElement(By.id("title")).sendKeys(XSS_TITLE);
        browser.js("document.getElementById('endsAt').value = document.getElementById('startsAt').value");
        browser.driver.findElement(By.id("event-save")).click();
        browser.await("the validation message", Duration.ofSeconds(10), () -> visibleText(".form-error").contains("endsAt must be after startsAt"));
        browser.js("var s = new Date(Date.now() - 60000), e = new Date(Date.now() + 7200000);"
                + "function f(d) { function p(n) { return (n < 10 ? '0' : '') + n; } return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + 'T' + p(d.getHours()) + ':' + p(d.getMinutes()); }"
                + "document.getElementById('startsAt').value = f(s); document.getElementById('endsAt').value = f(e);");
        browser.driver.findElement(By.id("event-save")).click();
        browser.await("the event page", Duration.ofSeconds(10), () -> !browser.driver.findElements(By.id("event-title")).isEmpty());

        assertEquals(XSS_TITLE, browser.driver.findElement(By.id("event-title")).getText());
        assertThrows(NoAlertPresentException.class, () -> browser.driver.switchTo().alert(), "the title ran as a script");
        assertTrue(browser.driver.getTitle().startsWith(XSS_TITLE), browser.driver.getTitle());

        WebElement count = browser.driver.findElement(By.id("gen-count"));
        count.clear();
        count.sendKeys("25");
        browser.driver.findElement(By.id("gen-label")).sendKeys("Browser batch");
        browser.driver.findElement(By.id("generate")).click();
        browser.await("25 generated codes", Duration.ofSeconds(20),
                () -> visibleText("#generate-form .form-notice").contains("Generated 25 codes")
                        && browser.driver.findElements(By.cssSelector("#codes-table tbody tr")).size() == 25);

        browser.driver.findElement(By.id("csv-download")).click();
        Path[] csv = new Path[1];
        browser.await("the CSV download", Duration.ofSeconds(20), () -> {
            try (var files = Files.list(browser.downloads)) {
                csv[0] = files.filter(f -> f.toString().endsWith(".csv")).findFirst().orElse(null);
                return csv[0] != null;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        List<String> lines = Files.readAllLines(csv[0]);
        assertEquals(26, lines.size(), "header + 25 codes: " + lines);
        assertTrue(lines.stream().skip(1).allMatch(l -> l.matches("(?s).*[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}.*")), lines.toString());

        // revoke the first code from its row; the table updates in place
        String firstCode = browser.driver.findElement(By.cssSelector("#codes-table tbody tr td.mono")).getText();
        browser.driver.findElement(By.cssSelector("#codes-table tbody tr button")).click();
        browser.await("the revoked badge", Duration.ofSeconds(10), () -> {
            List<WebElement> badges = browser.driver.findElements(By.cssSelector("#codes-table tbody tr:first-child .badge"));
            return !badges.isEmpty() && badges.get(0).getText().equalsIgnoreCase("revoked");
        });
        String url = browser.driver.getCurrentUrl();
        assertEquals(Boolean.FALSE, browser.js("return document.getElementById('codes-table') === null"));
        browser.screenshot("admin-event");

        // filter by status, then search for the revoked code
        browser.driver.findElement(By.id("code-search")).sendKeys(firstCode);
        browser.await("the search result", Duration.ofSeconds(10),
                () -> browser.driver.findElements(By.cssSelector("#codes-table tbody tr")).size() == 1);

        browser.driver.get(url.replaceAll("/?$", "") + "/qr");
        browser.await("the QR sheet", Duration.ofSeconds(10),
                () -> browser.driver.findElements(By.cssSelector(".ticket svg")).size() == 24);
        browser.screenshot("admin-qr-sheet");

        browser.driver.get(stack.platformUrl() + "/admin");
        browser.await("the event on the dashboard", Duration.ofSeconds(10),
                () -> browser.driver.findElements(By.cssSelector("#events-table td.title a")).stream()
                        .anyMatch(a -> a.getText().equals(XSS_TITLE)));
        assertThrows(NoAlertPresentException.class, () -> browser.driver.switchTo().alert());
        browser.screenshot("admin-dashboard");

        browser.driver.get(stack.platformUrl() + "/admin/audit");
        browser.await("the audit log", Duration.ofSeconds(10),
                () -> browser.driver.findElements(By.cssSelector("#audit-table tbody tr")).size() >= 4);
        browser.screenshot("admin-audit");
        System.out.printf("[figure] admin flow (login, create, generate, CSV, revoke, QR, audit): %.2f s%n",
                (System.nanoTime() - started) / 1e9);

        browser.driver.findElement(By.id("logout")).click();
        browser.await("the login page after logout", Duration.ofSeconds(10),
                () -> browser.driver.getCurrentUrl().endsWith("/admin/login"));
    }

    @Test
    void adminUploadsARecordingThatBecomesTheEventsReplay() throws Exception {
        Http http = new Http();
        Http.Response created = http.postJson(stack.platformUrl() + "/api/admin/events", stack.adminToken,
                "{\"title\":\"Recorded lecture\",\"startsAt\":\"" + Instant.now().minusSeconds(60)
                        + "\",\"endsAt\":\"" + Instant.now().plusSeconds(7200) + "\"}");
        assertEquals(201, created.status(), created.body());
        String eventId = created.json().getString("id");
        Path dir = Files.createTempDirectory("upload-it");
        Path notVideo = Files.writeString(dir.resolve("notes.mp4"), "these are lecture notes, not a video\n");
        Path video = recording(dir.resolve("lecture.mp4"));

        logIn();
        browser.driver.get(stack.platformUrl() + "/admin/events/" + eventId);
        browser.await("the upload form", Duration.ofSeconds(10), () -> !browser.driver.findElements(By.id("upload-form")).isEmpty());

        // a file ffprobe does not recognise: the API's 415 message shows in the form
        browser.driver.findElement(By.id("upload-file")).sendKeys(notVideo.toString());
        browser.driver.findElement(By.id("upload-start")).click();
        browser.await("the not-a-video message", Duration.ofSeconds(20),
                () -> visibleText("#upload-form .form-error").toLowerCase(java.util.Locale.ROOT).contains("video"));

        browser.driver.findElement(By.id("upload-file")).sendKeys(video.toString());
        browser.driver.findElement(By.id("upload-start")).click();
        browser.await("the upload confirmation", Duration.ofSeconds(30),
                () -> visibleText("#upload-form .form-notice").contains("Uploaded"));
        browser.await("the replay ready on the event page", Duration.ofSeconds(90),
                () -> browser.driver.findElement(By.id("health")).getText().toLowerCase(java.util.Locale.ROOT).contains("ready"));
        JsonObject vod = http.get(stack.platformUrl() + "/api/admin/events/" + eventId, stack.adminToken).json().getJsonObject("vod");
        assertEquals("ready", vod.getString("state"), vod.toString());
        assertEquals(100, vod.getInt("progress"), vod.toString());
    }

    private void logIn() {
        browser.driver.get(stack.platformUrl() + "/admin/login");
        if (!browser.driver.getCurrentUrl().endsWith("/admin/login")) {
            return; // already logged in: the login page redirects to the dashboard
        }
        browser.driver.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.driver.findElement(By.id("login-submit")).click();
        browser.await("the dashboard", Duration.ofSeconds(10),
                () -> browser.driver.getCurrentUrl().endsWith("/admin") && !browser.driver.findElements(By.id("new-event")).isEmpty());
    }

    /** A 4 s H.264/AAC MP4, as a phone or a screen recorder would produce. */
    private static Path recording(Path file) throws Exception {
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error",
                "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
                "-t", "4", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac",
                "-shortest", "-y", file.toString()).redirectErrorStream(true).start();
        assertTrue(ffmpeg.waitFor(60, TimeUnit.SECONDS), "ffmpeg did not finish");
        String output = new String(ffmpeg.getInputStream().readAllBytes());
        assertEquals(0, ffmpeg.exitValue(), output);
        return file;
    }

    private String visibleText(String selector) {
        Object text = browser.js("var e = document.querySelector(arguments[0]); return e && !e.hidden ? e.textContent : ''", selector);
        return text == null ? "" : text.toString();
    }
}
