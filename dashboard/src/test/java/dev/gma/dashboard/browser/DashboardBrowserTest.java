package dev.gma.dashboard.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gma.dashboard.TestStores;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Every page in real headless Chromium over the dashboard serving the analytics testdata (and an empty
 * store): the numbers are read from the DOM and from the charts' own data, never from pixels, and
 * were checked by hand against testdata/analytics/expected/*.tsv:
 *
 * <ul>
 *   <li>week 2026-11-16..22, all repositories: 5 production deployments (2+1 hello-world, 1 payments,
 *       1 reported for ops-tools) = 5/week, high; lead times 3600 7200 9000 11040 14400 36000 81000 s
 *       (the reported direct push has none), median 11040 s = 3.07 h, elite; change failure (3 failed + 3
 *       with an incident) / 8 = 75 %, low; restore times 1800 2700 4800 9000 s, median 3750 s = 1.04 h,
 *       high (4 of 8 failures still open).</li>
 *   <li>team payments (octo-org/payments): 1/week, high; lead times 3600 7200 14400 36000, median 3 h;
 *       1 of 1 with an incident = 100 %; restore 1800 s = 0.5 h, elite. Team platform (octo-org/ops-tools,
 *       reports and PagerDuty only): 1/week; no lead time; (1 failed + 1 with an incident) / 2 = 100 %;
 *       restore 2700 s = 0.75 h, high.</li>
 *   <li>flow: merged 8, cycle times 2700 7200 18000 37800x4 75900 s, median 10.5 h; first review 3900 and
 *       900 s, median 40 min; sizes XS 5, S 2, M 1, L 1, XL 1 of 10 opened.</li>
 *   <li>CI: run 30433642 attempt 1 success 390 s (logs archived), attempt 2 failure 600 s: 50 %, p50 495 s,
 *       p90 579 s.</li>
 * </ul>
 * Each test also checks that the console has no error and that no request left loopback, and saves a
 * screenshot under target/screenshots/.
 */
class DashboardBrowserTest {

    private static final String WEEK = "?from=2026-11-16&to=2026-11-22";

    @TempDir
    static Path loadedDir;
    @TempDir
    static Path emptyDir;
    private static EmbeddedServer loaded;
    private static EmbeddedServer empty;
    private static HeadlessChromium chromium;

    private String test;

    @BeforeAll
    static void start() {
        if (!HeadlessChromium.present()) {
            return; // each test reports its own skip (or failure when GMA_REQUIRE_BROWSER=true)
        }
        TestStores.loaded(loadedDir);
        loaded = server(loadedDir);
        empty = server(emptyDir);
        chromium = HeadlessChromium.start();
    }

    private static EmbeddedServer server(Path dataDir) {
        return ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.host", "127.0.0.1",
                "micronaut.server.port", -1,
                "gma.dashboard.data-dir", dataDir.toString()));
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (loaded != null) {
            loaded.close();
        }
        if (empty != null) {
            empty.close();
        }
    }

    @BeforeEach
    void browser(TestInfo info) {
        test = info.getTestMethod().orElseThrow().getName();
        HeadlessChromium.assumePresent(test);
        chromium.consoleErrors();
        chromium.requestedUrls();
    }

    @AfterEach
    void nothingLeftLoopbackAndTheConsoleIsClean() {
        if (chromium == null) {
            return;
        }
        List<String> urls = chromium.requestedUrls();
        assertThat(urls).as("requests of %s", test).anyMatch(u -> u.startsWith("http://127.0.0.1:"));
        // Network schemes must go to loopback; data:, blob: and the browser's own chrome:// pages never leave it.
        assertThat(urls).as("requests of %s that could leave the machine", test)
                .filteredOn(u -> u.matches("(?i)^(https?|wss?|ftp):.*"))
                .allSatisfy(u -> assertThat(u).matches("^http://127\\.0\\.0\\.1:\\d+/.*"));
        if (!test.startsWith("aBadFilter")) {
            assertThat(chromium.consoleErrors()).as("console errors in %s", test).isEmpty();
        }
    }

    private String url(EmbeddedServer server, String path) {
        return "http://127.0.0.1:" + server.getPort() + path;
    }

    private WebElement metric(String key, String role) {
        return chromium.driver.findElement(By.cssSelector("[data-metric='" + key + "'] [data-role='" + role + "']"));
    }

    private double value(String css) {
        return Double.parseDouble(chromium.driver.findElement(By.cssSelector(css)).getAttribute("data-value"));
    }

    private String text(String css) {
        return chromium.driver.findElement(By.cssSelector(css)).getText();
    }

    private void assertDora(double perWeek, String dfLevel, double leadHours, String leadLevel, double cfr, String cfrLevel,
                            double restoreHours, String restoreLevel) {
        assertThat(Double.parseDouble(metric("deployment_frequency", "value").getAttribute("data-value"))).isCloseTo(perWeek, within(1e-9));
        assertThat(metric("deployment_frequency", "level").getAttribute("data-level")).isEqualTo(dfLevel);
        assertThat(Double.parseDouble(metric("lead_time", "value").getAttribute("data-value"))).isCloseTo(leadHours, within(1e-6));
        assertThat(metric("lead_time", "level").getAttribute("data-level")).isEqualTo(leadLevel);
        assertThat(Double.parseDouble(metric("change_failure_rate", "value").getAttribute("data-value"))).isCloseTo(cfr, within(1e-6));
        assertThat(metric("change_failure_rate", "level").getAttribute("data-level")).isEqualTo(cfrLevel);
        assertThat(Double.parseDouble(metric("time_to_restore", "value").getAttribute("data-value"))).isCloseTo(restoreHours, within(1e-6));
        assertThat(metric("time_to_restore", "level").getAttribute("data-level")).isEqualTo(restoreLevel);
    }

    @Test
    void doraOverviewShowsTheFourMetricsTheirLevelsAndWeeklyTrends() {
        assertThat(chromium.open(url(loaded, "/" + WEEK))).isEqualTo("ready");

        assertDora(5.0, "high", 11040 / 3600.0, "elite", 6.0 / 8, "low", 3750 / 3600.0, "high");
        assertThat(metric("deployment_frequency", "value").getText()).isEqualTo("5.0");
        assertThat(metric("lead_time", "value").getText()).isEqualTo("3.1 h");
        assertThat(metric("change_failure_rate", "value").getText()).isEqualTo("75.0%");
        assertThat(metric("time_to_restore", "value").getText()).isEqualTo("1.0 h");
        assertThat(metric("lead_time", "level").getText()).isEqualTo("Elite");
        assertThat(metric("change_failure_rate", "detail").getText()).isEqualTo("3 failed + 3 with an incident, of 8 completed");
        assertThat(metric("time_to_restore", "detail").getText()).isEqualTo("4 of 8 failures restored · 4 still open");
        assertThat(text("#edition")).isEqualTo("Accelerate State of DevOps Report 2023");
        assertThat(chromium.categories("chart-deployment_frequency")).containsExactly("2026-11-16");
        assertThat(chromium.series("chart-deployment_frequency")).containsExactly(List.of(5L));
        assertThat(chromium.series("chart-lead_time").get(0)).singleElement()
                .satisfies(v -> assertThat(((Number) v).doubleValue()).isCloseTo(3.067, within(1e-9)));
        assertThat(chromium.series("chart-change_failure_rate").get(0)).singleElement()
                .satisfies(v -> assertThat(((Number) v).doubleValue()).isCloseTo(75.0, within(1e-9)));
        assertThat(chromium.driver.findElements(By.cssSelector("[data-empty]"))).isEmpty();
        // per repository: hello-world 3 deployments, lead 11040 s, (2 failed + 1 with incident) / 5, restore 4800 and 9000 s;
        // ops-tools 1, no lead time, 2/2, 2700 s (2 open); payments 1, 10800 s, 1/1, 1800 s (1 open)
        assertThat(chromium.driver.findElements(By.cssSelector("#by-repository tbody tr"))).extracting(WebElement::getText)
                .containsExactly("octo-org/hello-world 3.0 3.1 h 60.0% 1.9 h 1", "octo-org/ops-tools 1.0 – 100.0% 45 min 2",
                        "octo-org/payments 1.0 3.0 h 100.0% 30 min 1");
        chromium.screenshot("dora");
    }

    @Test
    void theTeamFilterChangesTheFiguresToTheTeamsRepositories() {
        chromium.open(url(loaded, "/" + WEEK));
        new Select(chromium.driver.findElement(By.id("f-team"))).selectByValue("payments");
        chromium.driver.findElement(By.cssSelector("#filters button[type=submit]")).click();
        new WebDriverWait(chromium.driver, HeadlessChromium.WAIT)
                .until(d -> d.getCurrentUrl().contains("team=payments") && "ready".equals(chromium.state()));

        assertThat(chromium.driver.getCurrentUrl()).contains("from=2026-11-16", "to=2026-11-22");
        assertDora(1.0, "high", 3.0, "elite", 1.0, "low", 0.5, "elite");
        assertThat(text("#range")).isEqualTo("2026-11-16 – 2026-11-22 · team payments");
        chromium.screenshot("dora-team-payments");

        chromium.driver.findElement(By.cssSelector("nav a[data-nav='flow']")).click();
        new WebDriverWait(chromium.driver, HeadlessChromium.WAIT)
                .until(d -> d.getCurrentUrl().contains("/flow") && "ready".equals(chromium.state()));
        assertThat(chromium.driver.getCurrentUrl()).as("the filters follow the navigation").contains("team=payments");
        assertThat(value("[data-stat='merged'] [data-role='value']")).isEqualTo(4);
        assertThat(value("[data-stat='cycle_time'] [data-role='value']")).isCloseTo(10.5, within(1e-9));
        assertThat(chromium.series("chart-sizes")).containsExactly(List.of(3L, 1L, 0L, 0L, 0L));

        chromium.open(url(loaded, "/" + WEEK + "&team=storefront"));
        // hello-world alone: 3 deployments; (2 failed + 1 with incident) / 5; restore 4800 and 9000 s, median 6900 s
        assertDora(3.0, "high", 11040 / 3600.0, "elite", 3.0 / 5, "low", 6900 / 3600.0, "high");

        chromium.open(url(loaded, "/" + WEEK + "&team=platform"));
        assertThat(metric("lead_time", "value").getText()).isEqualTo("–");
        assertThat(metric("lead_time", "level").getText()).isEqualTo("No data");
        assertThat(Double.parseDouble(metric("deployment_frequency", "value").getAttribute("data-value"))).isEqualTo(1.0);
        assertThat(Double.parseDouble(metric("change_failure_rate", "value").getAttribute("data-value"))).isEqualTo(1.0);
        assertThat(Double.parseDouble(metric("time_to_restore", "value").getAttribute("data-value"))).isEqualTo(0.75);
    }

    @Test
    void deliveryFlowShowsThroughputCycleTimeReviewsAndSizes() {
        assertThat(chromium.open(url(loaded, "/flow" + WEEK))).isEqualTo("ready");

        assertThat(value("[data-stat='merged'] [data-role='value']")).isEqualTo(8);
        assertThat(value("[data-stat='opened'] [data-role='value']")).isEqualTo(10);
        assertThat(value("[data-stat='cycle_time'] [data-role='value']")).isCloseTo(10.5, within(1e-9));
        assertThat(text("[data-stat='cycle_time'] [data-role='value']")).isEqualTo("10.5 h");
        assertThat(value("[data-stat='first_review'] [data-role='value']")).isCloseTo(2400 / 3600.0, within(1e-9));
        assertThat(text("[data-stat='first_review'] [data-role='value']")).isEqualTo("40 min");
        assertThat(chromium.categories("chart-sizes")).containsExactly("XS", "S", "M", "L", "XL");
        assertThat(chromium.series("chart-sizes")).containsExactly(List.of(5L, 2L, 1L, 1L, 1L));
        assertThat(chromium.categories("chart-throughput")).containsExactly("2026-11-16");
        List<List<Object>> throughput = chromium.series("chart-throughput");
        assertThat(throughput.get(0)).containsExactly(8L);
        assertThat(((Number) throughput.get(1).get(0)).doubleValue()).isCloseTo(10.5, within(1e-9));
        chromium.screenshot("flow");
    }

    @Test
    void ciHealthShowsSuccessRateDurationsAndFailingRunsWithTheirLogs() {
        assertThat(chromium.open(url(loaded, "/ci" + WEEK))).isEqualTo("ready");

        assertThat(value("[data-stat='runs'] [data-role='value']")).isEqualTo(2);
        assertThat(value("[data-stat='success_rate'] [data-role='value']")).isEqualTo(0.5);
        assertThat(value("[data-stat='failing'] [data-role='value']")).isEqualTo(1);
        assertThat(value("[data-stat='archived_logs'] [data-role='value']")).isEqualTo(1);
        assertThat(chromium.categories("chart-success")).containsExactly("octo-org/hello-world · CI");
        assertThat(chromium.series("chart-success")).containsExactly(List.of(50L));
        List<List<Object>> durations = chromium.series("chart-duration");
        assertThat(((Number) durations.get(0).get(0)).doubleValue()).isEqualTo(495.0);
        assertThat(((Number) durations.get(1).get(0)).doubleValue()).isEqualTo(579.0);
        WebElement workflow = chromium.driver.findElement(By.cssSelector("#workflows tbody tr[data-workflow='CI']"));
        assertThat(workflow.getText()).contains("octo-org/hello-world", "CI", "2", "50.0%", "8 min 15 s", "9 min 39 s");
        WebElement failing = chromium.driver.findElement(By.cssSelector("#failing tbody tr[data-run='30433642/2']"));
        assertThat(failing.getText()).contains("2026-11-21 17:00 UTC", "failure", "10 min 0 s", "not archived yet");
        assertThat(failing.findElement(By.tagName("a")).getAttribute("href"))
                .isEqualTo("https://github.com/octo-org/hello-world/actions/runs/30433642/attempts/2");
        chromium.screenshot("ci");
    }

    @Test
    void deploymentsAndIncidentsAreListedWithTheirSource() {
        assertThat(chromium.open(url(loaded, "/deployments" + WEEK))).isEqualTo("ready");

        assertThat(value("[data-stat='production_success'] [data-role='value']")).isEqualTo(5);
        assertThat(value("[data-stat='production_failure'] [data-role='value']")).isEqualTo(3);
        assertThat(value("[data-stat='production_pending'] [data-role='value']")).isEqualTo(0);
        assertThat(value("[data-stat='incidents'] [data-role='value']")).isEqualTo(8);
        List<WebElement> rows = chromium.driver.findElements(By.cssSelector("#deployments tbody tr"));
        assertThat(rows).extracting(r -> r.getAttribute("data-deployment")).containsExactly("1006", "2001", "1005",
                "custom:ops-2", "1004", "custom:ops-1", "1003", "1234567", "1001");
        assertThat(rows).extracting(r -> r.getAttribute("data-source")).containsExactly("github", "github", "github",
                "custom", "github", "custom", "github", "github", "github");
        assertThat(rows.get(1).getText()).contains("octo-org/payments", "Production-EU", "success", "4444444", "hubot");
        assertThat(rows.get(3).getText()).contains("octo-org/ops-tools", "production · ops-api", "failure", "2 min 0 s", "custom");
        assertThat(rows.get(5).findElement(By.tagName("a")).getAttribute("href")).startsWith("https://jenkins.");
        assertThat(rows.get(6).getText()).contains("staging").doesNotContain("(production)");
        List<WebElement> incidents = chromium.driver.findElements(By.cssSelector("#incidents tbody tr"));
        assertThat(incidents).extracting(r -> r.getAttribute("data-kind")).containsExactly("incident", "incident",
                "failed_deployment", "incident", "failed_deployment", "failed_deployment", "incident", "incident");
        assertThat(incidents).extracting(r -> r.getAttribute("data-source")).containsExactly("pagerduty", "github",
                "github", "github", "custom", "github", "custom", "github");
        assertThat(incidents.get(0).getText()).contains("octo-org/ops-tools", "incident PX1", "still open", "pagerduty");
        assertThat(incidents.get(1).getText()).contains("octo-org/payments", "issue #71", "still open");
        assertThat(incidents.get(2).getText()).contains("deployment 1006", "still open");
        assertThat(incidents.get(3).getText()).contains("issue #70", "30 min");
        assertThat(incidents.get(4).getText()).contains("deployment custom:ops-2", "still open");
        assertThat(incidents.get(5).getText()).contains("deployment 1004", "1.3 h");
        assertThat(incidents.get(6).getText()).contains("incident ops-inc-1", "45 min", "custom");
        chromium.screenshot("deployments");
    }

    @Test
    void withoutAFilterTheRangeIsTwelveWeeksUpToTheNewestActivity() {
        chromium.open(url(loaded, "/"));

        assertThat(text("#range")).isEqualTo("2026-08-31 – 2026-11-21");
        assertThat(chromium.driver.findElement(By.id("f-from")).getAttribute("value")).isEqualTo("2026-08-31");
        assertThat(chromium.categories("chart-deployment_frequency")).hasSize(12).endsWith("2026-11-16");
        assertDora(5.0 * 7 / 83, "medium", 11040 / 3600.0, "elite", 6.0 / 8, "low", 3750 / 3600.0, "high");
    }

    @Test
    void anEmptyStoreShowsWhatToDoOnEveryPage() {
        chromium.open(url(empty, "/"));
        WebElement deployments = chromium.driver.findElement(By.cssSelector("[data-empty='deployments']"));
        assertThat(deployments.getText()).contains("No deployments yet", "GitHub deployments", "gma-event", "backfill");
        assertThat(metric("deployment_frequency", "level").getText()).isEqualTo("No data");
        assertThat(metric("lead_time", "value").getText()).isEqualTo("–");
        assertThat(chromium.driver.findElement(By.id("by-repository-section")).isDisplayed()).isFalse();
        chromium.screenshot("empty-dora");

        chromium.open(url(empty, "/flow"));
        assertThat(text("[data-empty='pull_requests']")).contains("No pull requests yet", "pull_request", "backfill");
        chromium.open(url(empty, "/ci"));
        assertThat(text("[data-empty='workflow_runs']")).contains("No workflow runs yet", "workflow_run", "leech");
        chromium.open(url(empty, "/deployments"));
        assertThat(text("[data-empty='deployments']")).contains("No deployments yet", "GitHub deployments", "gma-event", "backfill");
        assertThat(text("[data-empty='incidents']")).contains("incident");
        assertThat(chromium.driver.findElements(By.cssSelector("#deployments tbody tr"))).isEmpty();
        chromium.screenshot("empty-deployments");
    }

    @Test
    void aBadFilterIsExplainedOnThePage() {
        assertThat(chromium.open(url(loaded, "/?from=2026-13-01"))).isEqualTo("error");
        assertThat(text("#errors")).contains("from must be a day as YYYY-MM-DD");
        assertThat(chromium.open(url(loaded, "/flow?team=nobody"))).isEqualTo("error");
        assertThat(text("#errors")).contains("unknown team 'nobody'");
    }

    @Test
    void screenshotsAreSavedForEveryPage() throws Exception {
        for (String page : List.of("dora", "flow", "ci", "deployments")) {
            chromium.open(url(loaded, (page.equals("dora") ? "/" : "/" + page) + WEEK));
            chromium.screenshot("page-" + page);
            Path shot = Path.of(System.getProperty("gma.screenshots.dir", "target/screenshots")).resolve("page-" + page + ".png");
            assertThat(Files.size(shot)).isGreaterThan(10_000);
        }
    }
}
