package dev.gma.dashboard.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its chromedriver by Selenium (no browser download, no
 * Selenium Manager: both executables are given). Where they are missing, each browser test is skipped
 * with a message naming them; with {@code GMA_REQUIRE_BROWSER=true} (set by .ci/run after it installed
 * them) a missing browser fails instead.
 */
final class HeadlessChromium implements AutoCloseable {

    static final String REQUIRE_VARIABLE = "GMA_REQUIRE_BROWSER";
    static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static Optional<Path> executable(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static boolean present() {
        return executable("chromium").isPresent() && executable("chromedriver").isPresent();
    }

    /** Skips the calling test loudly where the browser is missing; fails instead when it is required. */
    static void assumePresent(String test) {
        if (present()) {
            return;
        }
        String message = "chromium and chromedriver are not both on PATH: browser test '" + test + "' cannot run "
                + "(apt-get install -y chromium chromium-driver)";
        if ("true".equalsIgnoreCase(System.getenv().getOrDefault(REQUIRE_VARIABLE, "").strip())) {
            Assertions.fail(REQUIRE_VARIABLE + "=true: " + message);
        }
        System.err.println("SKIPPED: " + message);
        Assumptions.abort(message);
    }

    static HeadlessChromium start() {
        try {
            Path profile = Files.createTempDirectory("gma-chromium-profile");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(executable("chromium").orElseThrow().toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps",
                    "--disable-extensions", "--user-data-dir=" + profile, "--window-size=1360,1100",
                    // Belt and braces: any host but loopback fails to resolve (the test also checks every request).
                    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1");
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            logs.enable(LogType.PERFORMANCE, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(executable("chromedriver").orElseThrow().toFile())
                    .usingAnyFreePort().withTimeout(WAIT).build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT).implicitlyWait(Duration.ZERO);
            return new HeadlessChromium(driver, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens the URL and waits (bounded) until the page says it is ready or failed. */
    String open(String url) {
        driver.get(url);
        new WebDriverWait(driver, WAIT).until(d -> !"loading".equals(state()));
        return state();
    }

    String state() {
        return (String) driver.executeScript("return document.body.dataset.state");
    }

    /** The series data of the ECharts chart in the element with this id, as ECharts holds it. */
    @SuppressWarnings("unchecked")
    List<List<Object>> series(String chartId) {
        return (List<List<Object>>) driver.executeScript("const c = echarts.getInstanceByDom(document.getElementById(arguments[0]));"
                + "return c.getOption().series.map(s => s.data.map(v => v === null || v === undefined ? null : (typeof v === 'object' ? v.value : v)));",
                chartId);
    }

    @SuppressWarnings("unchecked")
    List<Object> categories(String chartId) {
        return (List<Object>) driver.executeScript(
                "return echarts.getInstanceByDom(document.getElementById(arguments[0])).getOption().xAxis[0].data;", chartId);
    }

    /** Console messages at SEVERE since the last call (reading empties the browser's buffer). */
    List<String> consoleErrors() {
        List<String> out = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                out.add(e.getMessage());
            }
        }
        return out;
    }

    /** Every URL the pages asked for since the last call (from the DevTools network events). */
    List<String> requestedUrls() {
        List<String> urls = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) {
            try {
                JsonNode message = JSON.readTree(e.getMessage()).path("message");
                if (message.path("method").asText().equals("Network.requestWillBeSent")) {
                    urls.add(message.path("params").path("request").path("url").asText());
                }
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return urls;
    }

    void screenshot(String name) {
        Path dir = Path.of(System.getProperty("gma.screenshots.dir", "target/screenshots"));
        try {
            Files.createDirectories(dir);
            // The whole page, not the window: the viewport is set to the page's height for the shot.
            Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight");
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 1360,
                    "height", Math.min(3000, Math.max(700, height.intValue())), "deviceScaleFactor", 1, "mobile", false));
            try {
                Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
            } finally {
                driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Map<String, Object> json(String script) {
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) driver.executeScript(script);
        return out;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a leftover temp profile is harmless
            }
        }
    }
}
