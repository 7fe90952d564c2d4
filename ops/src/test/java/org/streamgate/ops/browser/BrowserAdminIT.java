package org.streamgate.ops.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.streamgate.ops.e2e.StreamGateStack;

/**
 * The admin console in a real Chromium: log in, create an event whose title is a script tag (it must stay text),
 * generate codes, download the CSV, revoke a code; the dashboard and the QR sheet show the result.
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

    private String visibleText(String selector) {
        Object text = browser.js("var e = document.querySelector(arguments[0]); return e && !e.hidden ? e.textContent : ''", selector);
        return text == null ? "" : text.toString();
    }
}
