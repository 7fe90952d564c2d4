package org.streamgate.ops.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium driven through its own chromedriver ({@code CHROMIUM_PATH}, {@code CHROMEDRIVER_PATH},
 * default {@code /usr/bin/...}). Both paths are given to Selenium, so Selenium Manager never downloads anything; a
 * missing browser fails the test (CI installs {@code chromium} and {@code chromium-driver}).
 */
final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final ChromeDriver driver;
    final Path downloads;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
        this.downloads = profile.resolve("downloads");
    }

    static Browser start() throws IOException {
        Path chromium = Path.of(env("CHROMIUM_PATH", "/usr/bin/chromium"));
        Path chromedriver = Path.of(env("CHROMEDRIVER_PATH", "/usr/bin/chromedriver"));
        if (!Files.isExecutable(chromium) || !Files.isExecutable(chromedriver)) {
            throw new AssertionError("browser tests need Chromium and chromedriver (apt-get install chromium "
                    + "chromium-driver): " + chromium + " or " + chromedriver + " is missing");
        }
        Path profile = Files.createTempDirectory("streamgate-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--autoplay-policy=no-user-gesture-required", "--mute-audio",
                "--no-first-run", "--no-default-browser-check", "--window-size=1280,860",
                "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", profile.resolve("downloads").toString(),
                "download.prompt_for_download", false));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return new Browser(driver, profile);
    }

    /** Opens {@code url} as a first visit in this tab: no code remembered from an earlier page. */
    void open(String url) {
        driver.get(java.net.URI.create(url).resolve("/assets/favicon.svg").toString());
        js("sessionStorage.clear()");
        driver.get(url);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    void size(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /**
     * Polls {@code condition} every 100 ms until it holds (an element replaced by an htmx swap while it is read
     * counts as "not yet"); fails with {@code what} and the browser console after.
     */
    Duration await(String what, Duration timeout, Supplier<Boolean> condition) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.get())) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                // htmx swapped the element between finding and reading it: look again
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not happen within " + timeout + "\nbrowser console:\n" + console());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    /** Everything the page logged since the last call. */
    String console() {
        StringBuilder out = new StringBuilder();
        try {
            for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
                out.append(entry.getLevel()).append(' ').append(entry.getMessage()).append('\n');
            }
        } catch (RuntimeException e) {
            out.append("(console unavailable: ").append(e.getMessage()).append(")\n");
        }
        return out.toString();
    }

    Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Path target = SCREENSHOTS.resolve(name + ".png");
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String env(String key, String fallback) {
        String value = System.getenv(key);
        return value == null || value.isBlank() ? fallback : value;
    }

    static Map<String, String> stackOverrides() {
        // the portal (platform origin) fetches playlists and segments from hls-delivery on another port
        return Map.of("CORS_ALLOWED_ORIGIN", "{platformUrl}");
    }
}
