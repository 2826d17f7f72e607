package dev.gma.retry.metrics;

import dev.gma.service.metrics.CloudMonitoringExport;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gma.testing.Testdata;
import io.micrometer.core.instrument.Meter;
import io.micrometer.stackdriver.StackdriverMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Terraform module's monitoring (terraform/monitoring.tf, terraform/monitoring/dashboard.json.tftpl)
 * against what the retry service writes and what operators read: the retry series it names are
 * meters of {@link RunMetrics} under the Stackdriver registry's names; every alert policy names
 * its runbook page, which exists, is listed in the runbooks' index and gives {@code bin/gma}
 * commands; the dashboard template gets exactly the variables it uses and renders to JSON whose
 * every chart reads one metric type.
 */
class TerraformMonitoringTest {

    private static final Path REPO = Testdata.root().getParent();
    private static final Path TERRAFORM = REPO.resolve("terraform");
    private static final Pattern POLICY = Pattern.compile(
            "resource \"google_monitoring_alert_policy\" \"(\\w+)\" \\{(.*?)\\n}", Pattern.DOTALL);

    @Test
    void everyRetrySeriesTheModuleReadsIsOneTheRetryServiceWrites() throws Exception {
        StackdriverMeterRegistry registry = StackdriverMeterRegistry.builder(
                new CloudMonitoringExport.ExportConfig("gma-prod", Duration.ofMinutes(1), false)).build();
        Set<String> written = new TreeSet<>();
        try {
            new RunMetrics(registry);
            registry.timer("gma.retry.run", "outcome", "complete"); // the histogram, registered by a run
            for (Meter meter : registry.getMeters()) {
                written.add(registry.config().namingConvention().name(meter.getId().getName(), meter.getId().getType()));
            }
        } finally {
            registry.close();
        }
        Set<String> read = new TreeSet<>();
        Matcher m = Pattern.compile("custom\\.googleapis\\.com/(gma/retry/[a-z0-9/]+)")
                .matcher(Files.readString(TERRAFORM.resolve("monitoring.tf")) + template());
        while (m.find()) {
            read.add(m.group(1));
        }
        assertThat(read).contains("gma/retry/runs", "gma/retry/redelivery/failures", "gma/retry/run");
        assertThat(written).containsAll(read);
    }

    @Test
    void everyAlertPolicyNamesARunbookPageThatExistsIsIndexedAndUsesGma() throws Exception {
        String monitoring = Files.readString(TERRAFORM.resolve("monitoring.tf"));
        String index = Files.readString(REPO.resolve("docs/runbooks/README.md"));
        Map<String, String> pages = new LinkedHashMap<>();
        Matcher policy = POLICY.matcher(monitoring);
        while (policy.find()) {
            Matcher page = Pattern.compile("(?i)runbook: docs/runbooks/([a-z0-9-]+\\.md)").matcher(policy.group(2));
            assertThat(page.find()).as("policy %s names its runbook", policy.group(1)).isTrue();
            pages.put(policy.group(1), page.group(1));
            Matcher name = Pattern.compile("display_name = \"(GMA: [^\"]+)\"").matcher(policy.group(2));
            assertThat(name.find()).isTrue();
            assertThat(index).as("the runbooks' index lists %s", name.group(1))
                    .contains("| " + name.group(1) + " | [" + page.group(1) + "](" + page.group(1) + ") |");
        }
        assertThat(pages).containsKeys("webhook_dead_letters", "publish_failures", "retry_not_completing",
                "retry_redelivery_refused", "leech_rows_refused", "dlq_backlog", "webhook_5xx", "retry_run_failed");
        for (String page : pages.values()) {
            String text = Files.readString(REPO.resolve("docs/runbooks").resolve(page));
            assertThat(text).as(page).contains("**What it means.**", "**How to check.**", "**What to do.**", "bin/gma ");
        }
    }

    @Test
    void theDashboardGetsTheVariablesItUsesAndEveryChartReadsOneMetricType() throws Exception {
        String monitoring = Files.readString(TERRAFORM.resolve("monitoring.tf"));
        Matcher call = Pattern.compile("templatefile\\(\"\\$\\{path\\.module}/monitoring/dashboard\\.json\\.tftpl\", \\{\n(.*?)\n\\s*}\\)",
                Pattern.DOTALL).matcher(monitoring);
        assertThat(call.find()).as("the dashboard resource renders the template").isTrue();
        Set<String> passed = new TreeSet<>();
        Matcher arg = Pattern.compile("(?m)^\\s*(\\w+)\\s*=").matcher(call.group(1));
        while (arg.find()) {
            passed.add(arg.group(1));
        }
        String template = template();
        Set<String> used = new TreeSet<>();
        Matcher variable = Pattern.compile("\\$\\{(\\w+)}").matcher(template);
        while (variable.find()) {
            used.add(variable.group(1));
        }
        assertThat(used).isEqualTo(passed);
        assertThat(template).doesNotContain("%{");

        JsonNode dashboard = new ObjectMapper().readTree(variable.replaceAll("x"));
        assertThat(dashboard.path("displayName").asText()).isEqualTo("x");
        List<String> filters = new ArrayList<>();
        for (JsonNode tile : dashboard.path("mosaicLayout").path("tiles")) {
            assertThat(tile.path("width").asInt() + tile.path("xPos").asInt()).isLessThanOrEqualTo(12);
            for (JsonNode set : tile.path("widget").path("xyChart").path("dataSets")) {
                String filter = set.path("timeSeriesQuery").path("timeSeriesFilter").path("filter").asText();
                assertThat(filter).as(tile.path("widget").path("title").asText()).containsOnlyOnce("metric.type=\"")
                        .contains("resource.type=\"");
                filters.add(filter);
            }
        }
        assertThat(String.join("\n", filters)).contains("gma/retry/runs", "gma/dead/letters", "num_undelivered_messages",
                "metric_name=one_of(\"success\"", "\"rows_refused\"", "\"events_written\"");
    }

    private static String template() throws Exception {
        return Files.readString(TERRAFORM.resolve("monitoring/dashboard.json.tftpl"));
    }
}
