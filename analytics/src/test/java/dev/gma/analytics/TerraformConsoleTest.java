package dev.gma.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module's inputs evaluated by Terraform itself, where a {@code terraform} binary is installed:
 * {@code terraform console} needs no provider for a configuration of variables and locals, so the
 * test copies variables.tf and the locals of access.tf and lb.tf (and main.tf's BigQuery project)
 * and lets Terraform run every validation and compute the grants, the BigQuery project and the
 * webhook's ingress. This finds what a text check cannot: a validation that refuses its own default
 * (RE2 allows no repeat count over 1000), a for expression with duplicate keys, a wrong mapping.
 */
class TerraformConsoleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The module's required inputs. */
    private static final Map<String, Object> REQUIRED = Map.of(
            "project_id", "acme-platform-prod",
            "webhook_image", "europe-docker.pkg.dev/acme-platform-prod/gma/webhook-service:0.2.0",
            "retry_image", "europe-docker.pkg.dev/acme-platform-prod/gma/retry-service:0.2.0",
            "github_app_id", "123456",
            "leech_template_gcs_path", "gs://acme-templates/leech/leech.json");

    private static final String SUMMARY = "jsonencode({bq = local.bigquery_project_id, own = local.bigquery_in_own_project,"
            + " ingress = local.webhook_ingress, lb = local.webhook_lb_count, invokers = var.webhook_service_iam.invokers,"
            + " dataset = local.dataset_grants, webhook = local.webhook_service_grants, retry = local.retry_service_grants,"
            + " deployers = local.service_deployers})";

    @BeforeAll
    static void terraformInstalled() {
        assumeThat(Commands.works("terraform", "version"))
                .as("terraform is not installed: the inputs are not evaluated (TerraformInterfaceTest still checks them as text)")
                .isTrue();
    }

    @Test
    void theDefaultsPassEveryValidationAndKeepOneProjectAPublicWebhookAndNoGrants(@TempDir Path dir) throws Exception {
        JsonNode s = summary(dir, Map.of());
        assertThat(s.path("bq").asText()).isEqualTo("acme-platform-prod");
        assertThat(s.path("own").asBoolean()).isFalse();
        assertThat(s.path("lb").asInt()).isZero();
        assertThat(s.path("ingress").asText()).isEqualTo("INGRESS_TRAFFIC_ALL");
        assertThat(s.path("invokers").toString()).isEqualTo("[\"allUsers\"]");
        for (String grants : List.of("dataset", "webhook", "retry", "deployers")) {
            assertThat(s.path(grants).isEmpty()).as("%s grants by default", grants).isTrue();
        }
    }

    @Test
    void eitherNameOfTheBigQueryProjectMovesTheData(@TempDir Path dir) throws Exception {
        for (String name : List.of("big_query_project_id", "bigquery_project_id")) {
            JsonNode s = summary(dir, Map.of(name, "acme-data-prod"));
            assertThat(s.path("bq").asText()).as(name).isEqualTo("acme-data-prod");
            assertThat(s.path("own").asBoolean()).as(name).isTrue();
        }
    }

    @Test
    void eachGroupGetsItsRoleOnceAndDeployersActAsTheirServicesAccount(@TempDir Path dir) throws Exception {
        JsonNode s = summary(dir, Map.of(
                "dataset_iam", Map.of("owners", List.of("group:data@acme.example"),
                        "viewers", List.of("group:analysts@acme.example", "user:ana@acme.example")),
                "webhook_service_iam", Map.of("admins", List.of("group:platform@acme.example"),
                        "developers", List.of("group:platform@acme.example", "user:dev@acme.example")),
                "retry_service_iam", Map.of("owners", List.of("group:platform@acme.example"),
                        "admins", List.of("group:platform@acme.example"), "invokers", List.of("user:oncall@acme.example"),
                        "viewers", List.of("group:sre@acme.example"))));
        assertThat(pairs(s.path("dataset"))).containsExactlyInAnyOrder(
                "roles/bigquery.dataOwner group:data@acme.example",
                "roles/bigquery.dataViewer group:analysts@acme.example",
                "roles/bigquery.dataViewer user:ana@acme.example");
        assertThat(pairs(s.path("webhook"))).containsExactlyInAnyOrder(
                "roles/run.admin group:platform@acme.example",
                "roles/run.developer group:platform@acme.example",
                "roles/run.developer user:dev@acme.example");
        assertThat(pairs(s.path("retry"))).as("owners and admins name one grant").containsExactlyInAnyOrder(
                "roles/run.admin group:platform@acme.example",
                "roles/run.invoker user:oncall@acme.example",
                "roles/run.viewer group:sre@acme.example");
        Map<String, String> deployers = new LinkedHashMap<>();
        s.path("deployers").forEach(d -> deployers.merge(d.path("member").asText(), d.path("account").asText(), (a, b) -> a + "," + b));
        assertThat(deployers).isEqualTo(Map.of(
                "group:platform@acme.example", "retry,webhook",
                "user:dev@acme.example", "webhook"));
        assertThat(s.path("invokers").toString()).as("setting admins keeps the webhook public").isEqualTo("[\"allUsers\"]");
    }

    @Test
    void theLoadBalancerAndItsIngressFollowTheDomains(@TempDir Path dir) throws Exception {
        JsonNode on = summary(dir, Map.of("webhook_domains", List.of("github-webhook.acme.example"), "webhook_load_balancer_only", true));
        assertThat(on.path("lb").asInt()).isEqualTo(1);
        assertThat(on.path("ingress").asText()).isEqualTo("INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER");
        JsonNode both = summary(dir, Map.of("webhook_domains", List.of("github-webhook.acme.example")));
        assertThat(both.path("ingress").asText()).as("the run.app URL keeps answering by default").isEqualTo("INGRESS_TRAFFIC_ALL");
        JsonNode none = summary(dir, Map.of("webhook_load_balancer_only", true));
        assertThat(none.path("lb").asInt()).isZero();
        assertThat(none.path("ingress").asText()).as("no load balancer: never closed to the internet").isEqualTo("INGRESS_TRAFFIC_ALL");
    }

    @Test
    void validationsRefusePublicDataMalformedMembersDomainsAndNames(@TempDir Path dir) throws Exception {
        Map<String, Map.Entry<Object, String>> refused = new LinkedHashMap<>();
        refused.put("dataset_iam", Map.entry(Map.of("viewers", List.of("allUsers")), "the data is never public"));
        refused.put("retry_service_iam", Map.entry(Map.of("invokers", List.of("allAuthenticatedUsers")), "never public"));
        refused.put("webhook_service_iam", Map.entry(Map.of("admins", List.of("allUsers")), "never public"));
        refused.put("webhook_domains", Map.entry(List.of("*.acme.example"), "without wildcards"));
        refused.put("leech_bucket_name", Map.entry("Acme.Logs", "leech_bucket_name must be null or a bucket name"));
        refused.put("big_query_project_id", Map.entry("Data", "big_query_project_id must be null or a Google Cloud project ID"));
        refused.put("bigquery_project_id", Map.entry("1data", "bigquery_project_id must be null or a Google Cloud project ID"));
        refused.put("dataset_id", Map.entry("github-metrics", "dataset_id may hold only"));
        for (var e : refused.entrySet()) {
            Result r = console(dir, Map.of(e.getKey(), e.getValue().getKey()), "local.bigquery_project_id");
            assertThat(plain(r.err)).as("%s = %s is refused with its message", e.getKey(), e.getValue().getKey())
                    .contains("Invalid value for variable", e.getValue().getValue());
        }
        Result invokers = console(dir, Map.of("webhook_service_iam", Map.of("invokers", List.of("allUsers", "serviceAccount:ci@acme.iam.gserviceaccount.com"))),
                "var.webhook_service_iam.invokers");
        assertThat(plain(invokers.err)).doesNotContain("Error:");
    }

    @Test
    void theExamplesValuesPassTheModulesValidations(@TempDir Path dir) throws Exception {
        // Names the example shares with the module are checked here; the others (groups of people) are
        // passed through main.tf into dataset_iam and the service inputs, checked above.
        Files.writeString(dir.resolve("terraform.tfvars"),
                Files.readString(Repo.terraform().resolve("examples/existing-project/terraform.tfvars.example")));
        Result r = console(dir, Map.of(), SUMMARY);
        assertThat(plain(r.err)).as("examples/existing-project/terraform.tfvars.example against the module").doesNotContain("Error:");
        JsonNode s = JSON.readTree(JSON.readValue(r.out.lines().map(String::strip).filter(l -> l.startsWith("\"")).findFirst()
                .orElseThrow(), String.class));
        assertThat(s.path("own").asBoolean()).as("the example's BigQuery is in a second project").isTrue();
        assertThat(s.path("lb").asInt()).as("the example's custom domain").isEqualTo(1);
    }

    // --- helpers ------------------------------------------------------------------------------

    private record Result(int exitCode, String out, String err) {}

    private static JsonNode summary(Path dir, Map<String, Object> vars) throws Exception {
        Result r = console(dir, vars, SUMMARY);
        assertThat(plain(r.err)).as("terraform console with %s (it exits 0 after errors)", vars).doesNotContain("Error:");
        String line = r.out.lines().map(String::strip).filter(l -> l.startsWith("\"")).findFirst().orElseThrow(
                () -> new AssertionError("no value printed: " + r.out + r.err));
        return JSON.readTree(JSON.readValue(line, String.class));
    }

    /** Terraform's diagnostics without colours and box drawing, on one line. */
    private static String plain(String s) {
        return s.replaceAll("\u001B\\[[0-9;]*m", "").replaceAll("[│╷╵├─]", " ").replaceAll("\\s+", " ");
    }

    private static List<String> pairs(JsonNode grants) {
        return java.util.stream.StreamSupport.stream(grants.spliterator(), false)
                .map(g -> g.path("role").asText() + " " + g.path("member").asText()).toList();
    }

    /** Variables and the evaluable locals of the module in {@code dir}, the inputs as terraform.tfvars.json. */
    private static Result console(Path dir, Map<String, Object> vars, String expression) throws Exception {
        Path tf = Repo.terraform();
        Files.writeString(dir.resolve("variables.tf"), Files.readString(tf.resolve("variables.tf")));
        StringBuilder locals = new StringBuilder();
        for (String file : List.of("access.tf", "lb.tf")) {
            Matcher m = Pattern.compile("(?ms)^locals \\{.*?^}").matcher(Files.readString(tf.resolve(file)));
            assertThat(m.find()).as("locals of %s", file).isTrue();
            locals.append(m.group()).append("\n\n");
        }
        String main = Files.readString(tf.resolve("main.tf"));
        locals.append("locals {\n");
        for (String name : List.of("bigquery_project_id", "bigquery_in_own_project")) {
            Matcher m = Pattern.compile("(?m)^\\s*" + name + "\\s*=.*$").matcher(main);
            assertThat(m.find()).as("local %s in main.tf", name).isTrue();
            locals.append(m.group()).append("\n");
        }
        locals.append("}\n");
        Files.writeString(dir.resolve("locals.tf"), locals.toString());
        Map<String, Object> all = new LinkedHashMap<>(Files.exists(dir.resolve("terraform.tfvars")) ? Map.of() : REQUIRED);
        all.putAll(vars);
        Files.writeString(dir.resolve("terraform.tfvars.json"), JSON.writeValueAsString(all));

        ProcessBuilder pb = new ProcessBuilder("terraform", "console").directory(dir.toFile());
        pb.environment().put("TF_IN_AUTOMATION", "1");
        pb.environment().put("CHECKPOINT_DISABLE", "1");
        Process p = pb.start();
        p.getOutputStream().write((expression + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        var errFuture = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("terraform console timed out");
        }
        return new Result(p.exitValue(), out, errFuture.get() + out);
    }
}
