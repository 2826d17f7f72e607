package dev.gma.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gma.schema.Column;
import dev.gma.schema.TableSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Structural checks of the Terraform module, offline: every .tf file is parsed by HashiCorp's HCL
 * parser (@cdktf/hcl2json, installed with `npm ci` into terraform/test/ by this test) and checked
 * for the wiring a `terraform plan` would only find against a live project.
 */
class TerraformModuleTest extends TerraformModuleFixture {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Environment variables each service reads that the module deliberately does not set in GCP mode. */
    static final Map<String, Map<String, String>> NOT_SET_IN_GCP = Map.of(
            "webhook", Map.of(
                    "GMA_DATA_DIR", "local store only",
                    "PORT", "set by Cloud Run",
                    "PUBLISH_TIMEOUT", "tuning knob whose default suits Cloud Run",
                    "READ_TIMEOUT", "tuning knob whose default suits Cloud Run",
                    "MAX_BYTES_IN_FLIGHT", "tuning knob whose default (200 MiB) suits the 1 GiB instance",
                    "GMA_FAULT_PUBLISH_FAILURE_RATE", "system tests only: must stay unset in production",
                    "GMA_FAULT_SEED", "system tests only"),
            "retry", Map.of(
                    "GMA_DATA_DIR", "local store only",
                    "PORT", "set by Cloud Run",
                    "GITHUB_PRIVATE_KEY", "local mode; GCP reads GITHUB_PRIVATE_KEY_SECRET_ID",
                    "GITHUB_ENTERPRISE_SERVER_URL", "optional alternative to GITHUB_API_BASE_URL"));

    /** The settings contract of the services (design brief), checked even before their application.yml lists them. */
    static final Map<String, Set<String>> CONTRACT = Map.of(
            "webhook", Set.of("PROJECT_ID", "BIG_QUERY_PROJECT_ID", "DATASET_ID", "EVENTS_TOPIC_ID", "DLQ_EVENTS_TOPIC_ID",
                    "FAILURE_EVENTS_TABLE_ID", "RETRY_LIMIT", "GITHUB_WEBHOOK_SECRET", "PAYLOAD_BUCKET_NAME"),
            "retry", Set.of("PROJECT_ID", "DATASET_ID", "GITHUB_APP_ID", "GITHUB_PRIVATE_KEY_SECRET_ID", "GITHUB_API_BASE_URL",
                    "BUCKET_NAME", "CHECKPOINT_TABLE_ID", "EVENTS_TABLE_ID", "REDELIVERIES_TABLE_ID", "LOCK_TTL",
                    "LOCK_TTL_CLOCK_SKEW", "RETRY_LIMIT", "RUN_TIMEOUT"));

    static final Set<String> LEECH_PARAMETERS = Set.of("projectId", "datasetId", "eventsTableId", "bucketName", "batchSize",
            "maxAttempts", "githubApiBaseUrl", "githubAppId", "githubPrivateKeySecretId");



    // --- layout -------------------------------------------------------------------------------

    @Test
    void filesAreSplitByConcern() {
        assertThat(parsed.keySet()).contains("pubsub.tf", "bigquery.tf", "run.tf", "scheduler.tf", "storage.tf",
                "secrets.tf", "iam.tf", "monitoring.tf", "dataflow.tf", "variables.tf", "outputs.tf", "versions.tf",
                "examples/basic/main.tf");
        assertThat(Repo.terraform().resolve("README.md")).exists();
    }

    @Test
    void googleProviderIsPinned() {
        JsonNode google = first(parsed.get("versions.tf").path("terraform")).path("required_providers").get(0).path("google");
        assertThat(google.path("source").asText()).isEqualTo("hashicorp/google");
        assertThat(google.path("version").asText()).matches("~>\\s*\\d+\\.\\d+.*|=\\s*\\d+\\.\\d+\\.\\d+");
    }

    // --- references ---------------------------------------------------------------------------

    @Test
    void everyVariableUsedIsDeclaredTypedAndDescribedAndEveryDeclaredOneIsUsed() {
        for (String scope : List.of("", "examples/basic/")) {
            Map<String, JsonNode> declared = blocks(scope, "variable");
            Set<String> used = matches(scope, Pattern.compile("\\bvar\\.([A-Za-z_][\\w-]*)"));
            assertThat(declared.keySet()).as("variables declared in %s", scope.isEmpty() ? "the module" : scope)
                    .containsAll(used);
            assertThat(used).as("variables used in %s", scope.isEmpty() ? "the module" : scope).containsAll(declared.keySet());
            declared.forEach((name, v) -> {
                assertThat(v.path("type").asText()).as("type of variable %s", name).isNotBlank();
                assertThat(v.path("description").asText()).as("description of variable %s", name).isNotBlank();
            });
        }
    }

    @Test
    void variablesThatCanBeValidatedAre() {
        Map<String, JsonNode> vars = blocks("", "variable");
        for (String name : List.of("project_id", "region", "name_prefix", "dataset_id", "production_environment_pattern",
                "incident_label_pattern", "retry_limit", "lock_ttl", "lock_ttl_clock_skew", "retry_run_timeout_seconds",
                "github_app_id", "github_api_base_url", "retry_schedule", "leech_schedule", "leech_template_gcs_path")) {
            assertThat(vars.get(name).has("validation")).as("validation of variable %s", name).isTrue();
        }
    }

    @Test
    void everyReferencedResourceDataSourceLocalAndFileExists() {
        Set<String> resources = new TreeSet<>();
        Set<String> dataSources = new TreeSet<>();
        Set<String> locals = new TreeSet<>();
        for (String file : moduleFiles()) {
            JsonNode doc = parsed.get(file);
            doc.path("resource").fields().forEachRemaining(t -> t.getValue().fieldNames()
                    .forEachRemaining(n -> resources.add(t.getKey() + "." + n)));
            doc.path("data").fields().forEachRemaining(t -> t.getValue().fieldNames()
                    .forEachRemaining(n -> dataSources.add(t.getKey() + "." + n)));
            for (JsonNode block : doc.path("locals")) {
                block.fieldNames().forEachRemaining(locals::add);
            }
        }
        assertThat(resources).containsAll(matches("", Pattern.compile("(?<![\\w.])(google_[a-z0-9_]+\\.[A-Za-z_][\\w-]*)")));
        assertThat(dataSources).containsAll(matches("", Pattern.compile("\\bdata\\.(google_[a-z0-9_]+\\.[A-Za-z_][\\w-]*)")));
        assertThat(locals).containsAll(matches("", Pattern.compile("\\blocal\\.([A-Za-z_][\\w-]*)")));
        for (String path : matches("", Pattern.compile("file\\(\"\\$\\{path\\.module}/([^\"$]+)\"\\)"))) {
            assertThat(Repo.terraform().resolve(path)).as("file(%s)", path).exists();
        }
        assertThat(matches("", Pattern.compile("\\bmodule\\.(\\w+)"))).as("the module itself uses no sub-modules").isEmpty();
        JsonNode example = first(parsed.get("examples/basic/main.tf").path("module").path("gma"));
        assertThat(Repo.terraform().resolve("examples/basic").resolve(example.path("source").asText()).normalize())
                .isEqualTo(Repo.terraform().normalize());
    }

    @Test
    void exampleSetsEveryRequiredVariableOfTheModule() {
        JsonNode example = first(parsed.get("examples/basic/main.tf").path("module").path("gma"));
        blocks("", "variable").forEach((name, v) -> {
            if (!v.has("default")) {
                assertThat(example.has(name)).as("examples/basic sets required variable %s", name).isTrue();
            }
        });
    }

    // --- BigQuery -----------------------------------------------------------------------------

    @Test
    void everySchemaFileIsAPartitionedTable() {
        JsonNode locals = localsBlock();
        Map<String, String> partitions = new LinkedHashMap<>();
        locals.path("tables").fields().forEachRemaining(e -> partitions.put(e.getKey(), e.getValue().asText()));
        assertThat(partitions.keySet()).containsExactlyInAnyOrderElementsOf(TableSchema.TABLES);
        partitions.forEach((table, column) -> {
            Column c = TableSchema.load(table).columns().stream().filter(x -> x.name().equals(column)).findFirst().orElseThrow();
            assertThat(c.type()).as("partition column %s.%s", table, column).isEqualTo("TIMESTAMP");
        });
        assertThat(strings(locals.path("table_clustering").path("events")))
                .containsExactly("event", "organization_name", "repository_full_name");
        JsonNode tables = resource("google_bigquery_table", "tables");
        assertThat(tables.path("for_each").asText()).isEqualTo("${local.tables}");
        assertThat(tables.path("schema").asText()).contains("schemas/${each.key}.json");
        assertThat(first(tables.path("time_partitioning")).path("type").asText()).isEqualTo("DAY");
    }

    @Test
    void everyViewFileIsWiredInATierAfterTheViewsItReads() {
        List<List<String>> tiers = new ArrayList<>();
        localsBlock().path("view_tiers").forEach(t -> tiers.add(strings(t)));
        Map<String, Integer> tierOf = new LinkedHashMap<>();
        for (int i = 0; i < tiers.size(); i++) {
            for (String v : tiers.get(i)) {
                assertThat(tierOf.put(v, i)).as("view %s is in one tier only", v).isNull();
            }
        }
        Map<String, String> views = ViewSql.terraformViews();
        assertThat(tierOf.keySet()).containsExactlyInAnyOrderElementsOf(views.keySet());
        views.forEach((view, sql) -> {
            for (String ref : ViewSql.references(sql)) {
                if (!ViewSql.TABLES.contains(ref)) {
                    assertThat(tierOf.get(ref)).as("%s reads %s, which must be in an earlier tier", view, ref)
                            .isLessThan(tierOf.get(view));
                }
            }
        });
        for (int i = 0; i < tiers.size(); i++) {
            JsonNode r = resource("google_bigquery_table", "views_tier" + i);
            assertThat(r.path("for_each").asText()).isEqualTo("${toset(local.view_tiers[" + i + "])}");
            assertThat(first(r.path("view")).path("query").asText())
                    .isEqualTo("${templatefile(\"${path.module}/views/${each.key}.sql\", local.view_template_vars)}");
            assertThat(first(r.path("view")).path("use_legacy_sql").asBoolean(true)).isFalse();
            assertThat(strings(r.path("depends_on"))).containsExactly(
                    i == 0 ? "${google_bigquery_table.tables}" : "${google_bigquery_table.views_tier" + (i - 1) + "}");
        }
    }

    @Test
    void viewTemplateVariablesAreAllPassedAndDefaultsMatchTheTestedOnes() {
        Set<String> passed = new TreeSet<>();
        localsBlock().path("view_template_vars").fieldNames().forEachRemaining(passed::add);
        Set<String> used = new TreeSet<>();
        ViewSql.terraformViews().values().forEach(sql -> used.addAll(ViewSql.placeholders(sql)));
        RefreshScript.stepLines().forEach(line -> used.addAll(ViewSql.placeholders(RefreshScript.stepFile(line.split("\\s+")[0]))));
        used.removeAll(Set.of("snapshot", "update_all_columns", "update_state_columns")); // filled per step by analytics.tf
        assertThat(passed).containsExactlyInAnyOrderElementsOf(used);
        assertThat(Set.of("project", "dataset")).allMatch(used::contains);
        Map<String, JsonNode> vars = blocks("", "variable");
        ViewSql.DEFAULTS.forEach((name, value) ->
                assertThat(vars.get(name).path("default").asText()).as("default of %s", name).isEqualTo(value));
        for (String sql : ViewSql.terraformViews().values()) {
            assertThat(sql).as("templatefile directives").doesNotContain("%{");
        }
        RefreshScript.stepLines().forEach(line -> assertThat(RefreshScript.stepFile(line.split("\\s+")[0]))
                .as("templatefile directives in %s", line).doesNotContain("%{"));
    }

    // --- Pub/Sub ------------------------------------------------------------------------------

    @Test
    void eventsFlowThroughASchemaTopicIntoBigQueryWithADeadLetterPolicy() {
        JsonNode schema = resource("google_pubsub_schema", "event");
        assertThat(schema.path("type").asText()).isEqualTo("PROTOCOL_BUFFER");
        assertThat(schema.path("definition").asText()).isEqualTo("${file(\"${path.module}/event.proto\")}");
        JsonNode settings = first(resource("google_pubsub_topic", "events").path("schema_settings"));
        assertThat(settings.path("encoding").asText()).isEqualTo("JSON");
        assertThat(settings.path("schema").asText()).isEqualTo("${google_pubsub_schema.event.id}");
        JsonNode sub = resource("google_pubsub_subscription", "events_to_bigquery");
        assertThat(first(sub.path("bigquery_config")).path("use_topic_schema").asBoolean()).isTrue();
        assertThat(first(sub.path("bigquery_config")).path("table").asText()).contains("google_bigquery_table.tables[\"events\"]");
        assertThat(first(sub.path("dead_letter_policy")).path("dead_letter_topic").asText()).isEqualTo("${google_pubsub_topic.dlq.id}");
        assertThat(resource("google_pubsub_subscription", "dlq").path("topic").asText()).isEqualTo("${google_pubsub_topic.dlq.id}");
    }

    // --- IAM ----------------------------------------------------------------------------------

    @Test
    void noPrimitiveRolesNoProjectAdminRolesNoAuthoritativeBindings() {
        List<String> roles = new ArrayList<>();
        Map<String, List<String>> projectRoles = new LinkedHashMap<>();
        for (String file : moduleFiles()) {
            parsed.get(file).path("resource").fields().forEachRemaining(type -> {
                assertThat(type.getKey()).as("authoritative IAM resources replace others' grants")
                        .doesNotEndWith("_iam_binding").doesNotEndWith("_iam_policy");
                type.getValue().fields().forEachRemaining(r -> collectRoles(r.getValue(), roles,
                        type.getKey().equals("google_project_iam_member") ? projectRoles.computeIfAbsent(r.getKey(), k -> new ArrayList<>()) : null));
            });
        }
        assertThat(roles).isNotEmpty().doesNotContain("roles/owner", "roles/editor", "roles/viewer");
        for (String file : moduleFiles()) {
            assertThat(text.get(file)).doesNotContain("roles/owner").doesNotContain("roles/editor");
        }
        projectRoles.values().stream().flatMap(List::stream).forEach(role ->
                assertThat(role.toLowerCase()).as("project-wide role %s", role).doesNotContain("admin"));
    }

    @Test
    void webhookIsPublicAndRetryOnlyInvokedByItsSchedulerWithOidc() {
        JsonNode webhookPublic = resource("google_cloud_run_v2_service_iam_member", "webhook_invokers");
        assertThat(webhookPublic.path("name").asText()).isEqualTo("${google_cloud_run_v2_service.webhook.name}");
        assertThat(webhookPublic.path("for_each").asText()).isEqualTo("${toset(var.webhook_service_iam.invokers)}");
        assertThat(webhookPublic.path("member").asText()).isEqualTo("${each.value}");
        assertThat(strings(blocks("", "variable").get("webhook_service_iam").path("default").path("invokers")))
                .as("the webhook is public by default").containsExactly("allUsers");
        JsonNode retryInvoker = resource("google_cloud_run_v2_service_iam_member", "retry_invoker");
        assertThat(retryInvoker.path("name").asText()).isEqualTo("${google_cloud_run_v2_service.retry.name}");
        assertThat(retryInvoker.path("member").asText()).isEqualTo("serviceAccount:${google_service_account.retry_scheduler.email}");
        long publicGrants = moduleFiles().stream().filter(f -> !f.equals("variables.tf"))
                .mapToLong(f -> count(text.get(f).replace("webhook_invokers[\"allUsers\"]", ""), "allUsers")).sum();
        assertThat(publicGrants).as("allUsers is only the default of the webhook's invokers, never a literal grant").isZero();
        JsonNode target = first(resource("google_cloud_scheduler_job", "retry").path("http_target"));
        assertThat(first(target.path("oidc_token")).path("service_account_email").asText())
                .isEqualTo("${google_service_account.retry_scheduler.email}");
        assertThat(target.path("uri").asText()).isEqualTo("${google_cloud_run_v2_service.retry.uri}/retry");
    }

    @Test
    void eachServiceRunsAsItsOwnAccount() {
        assertThat(first(resource("google_cloud_run_v2_service", "webhook").path("template")).path("service_account").asText())
                .isEqualTo("${google_service_account.webhook.email}");
        assertThat(first(resource("google_cloud_run_v2_service", "retry").path("template")).path("service_account").asText())
                .isEqualTo("${google_service_account.retry.email}");
        assertThat(localsOf("dataflow.tf").path("leech_launch_body").toString())
                .contains("${google_service_account.leech.email}");
    }

    // --- Cloud Run, Scheduler, Dataflow -------------------------------------------------------

    @Test
    void webhookServiceGetsTheEnvironmentVariablesItsCodeReads() throws IOException {
        checkEnv("webhook", Repo.root().resolve("webhook-service/src/main/resources/application.yml"));
        JsonNode secret = envOf("webhook").get("GITHUB_WEBHOOK_SECRET");
        assertThat(first(first(secret.path("value_source")).path("secret_key_ref")).path("secret").asText())
                .isEqualTo("${google_secret_manager_secret.webhook_secret.secret_id}");
    }

    @Test
    void retryServiceGetsTheEnvironmentVariablesItsCodeReads() throws IOException {
        checkEnv("retry", Repo.root().resolve("retry-service/src/main/resources/application.yml"));
    }

    @Test
    void leechJobIsLaunchedWithItsTemplateAndEveryPipelineParameter() {
        JsonNode locals = localsOf("dataflow.tf");
        Set<String> params = new TreeSet<>();
        locals.path("leech_parameters").fieldNames().forEachRemaining(params::add);
        assertThat(params).containsExactlyInAnyOrderElementsOf(LEECH_PARAMETERS);
        JsonNode launch = locals.path("leech_launch_body").path("launchParameter");
        assertThat(launch.path("containerSpecGcsPath").asText()).isEqualTo("${var.leech_template_gcs_path}");
        JsonNode target = first(resource("google_cloud_scheduler_job", "leech").path("http_target"));
        assertThat(target.path("body").asText()).isEqualTo("${base64encode(jsonencode(local.leech_launch_body))}");
        assertThat(target.path("uri").asText()).isEqualTo("${local.leech_launch_uri}");
        assertThat(target.has("oauth_token")).isTrue();
        assertThat(resource("google_cloud_scheduler_job", "retry").path("schedule").asText()).isEqualTo("${var.retry_schedule}");
        assertThat(blocks("", "variable").get("retry_schedule").path("default").asText()).isEqualTo("0 * * * *");
    }

    @Test
    void bucketsSecretsAlertsAndOutputsExist() {
        assertThat(resource("google_storage_bucket", "logs").has("lifecycle_rule")).isTrue();
        for (String b : List.of("lock", "payloads", "dataflow")) {
            assertThat(resource("google_storage_bucket", b).path("uniform_bucket_level_access").asBoolean()).isTrue();
        }
        resource("google_secret_manager_secret", "webhook_secret");
        resource("google_secret_manager_secret", "github_private_key");
        for (String alert : List.of("dlq_backlog", "webhook_5xx", "retry_run_failed", "webhook_dead_letters",
                "publish_failures", "retry_not_completing", "retry_redelivery_refused", "leech_rows_refused")) {
            assertThat(resource("google_monitoring_alert_policy", alert).path("documentation").toString())
                    .as("alert %s links its runbook", alert).contains("runbooks/");
        }
        resource("google_monitoring_dashboard", "operations");
        Map<String, JsonNode> outputs = blocks("", "output");
        assertThat(outputs).containsKey("webhook_url");
        outputs.forEach((name, o) -> assertThat(o.path("description").asText()).as("description of output %s", name).isNotBlank());
        assertThat(text.values().stream().anyMatch(t -> t.contains("google_secret_manager_secret_version")))
                .as("no secret value in the Terraform state").isFalse();
    }

    @Test
    void readmeDocumentsEveryInputAndOutput() {
        String readme = Repo.read(Repo.terraform().resolve("README.md"));
        blocks("", "variable").keySet().forEach(v -> assertThat(readme).as("README documents input %s", v).contains("`" + v + "`"));
        blocks("", "output").keySet().forEach(o -> assertThat(readme).as("README documents output %s", o).contains("`" + o + "`"));
    }

    @Test
    void everyDerivedTableIsPartitionedClusteredAndRefreshedByTheScript() {
        JsonNode table = resource("google_bigquery_table", "analytics");
        assertThat(table.path("for_each").asText()).isEqualTo("${local.analytics_tables}");
        assertThat(first(table.path("time_partitioning")).path("field").asText()).isEqualTo("${each.value.partition}");
        assertThat(table.path("clustering").asText()).contains("organization_name", "repository_full_name");
        assertThat(table.path("schema").asText()).isEqualTo("${file(\"${path.module}/analytics/schemas/${each.key}.json\")}");
        List<String> steps = RefreshScript.stepLines().stream().map(l -> l.split("\\s+")[0]).toList();
        RefreshScript.tables().forEach((name, spec) -> {
            assertThat(steps).as("refresh step of %s", name).contains(name);
            assertThat(RefreshScript.stepFile(name)).as("the step of %s writes it", name)
                    .containsPattern("(MERGE|INSERT INTO) `\\$\\{project}\\.\\$\\{dataset}\\." + name + "`");
            String partition = spec.path("partition").asText();
            assertThat(RefreshScript.columns(name)).as("partition column of %s", name).contains(partition);
        });
    }

    @Test
    void aScheduledQueryRunsTheRefreshWithScheduleAndWindowFromVariables() {
        JsonNode transfer = resource("google_bigquery_data_transfer_config", "analytics_refresh");
        assertThat(transfer.path("data_source_id").asText()).isEqualTo("scheduled_query");
        assertThat(transfer.path("schedule").asText()).isEqualTo("every ${var.analytics_refresh_minutes} minutes");
        assertThat(transfer.path("service_account_name").asText()).isEqualTo("${google_service_account.analytics.email}");
        assertThat(transfer.path("params").path("query").asText()).isEqualTo("${local.analytics_refresh_script}");
        String locals = text.get("analytics.tf");
        assertThat(locals).contains("TIMESTAMP_SUB(@run_time, INTERVAL ${var.analytics_lookback_days} DAY)")
                .doesNotContainIgnoringCase("MAX(received)");
        assertThat(blocks("", "variable").get("analytics_refresh_minutes").path("default").asInt()).isEqualTo(30);
        assertThat(blocks("", "variable").get("analytics_lookback_days").path("default").asInt()).isEqualTo(3);
        // the bounds' variables are declared in both scripts' prologue, the DORA horizon from its variable
        assertThat(locals).contains("templatefile(\"${path.module}/analytics/refresh/variables.sql\", { dora_horizon_days = var.dora_horizon_days })");
        assertThat(locals.split("local.analytics_variables", -1)).as("uses of the variables in the two scripts").hasSize(3);
        assertThat(RefreshScript.stepFile("variables")).contains("DEFAULT ${dora_horizon_days}");
        assertThat(blocks("", "variable").get("dora_horizon_days").path("default").asInt()).isEqualTo(90);
    }

    @Test
    void theRefreshAccountReadsOnlyItsSourcesAndWritesOnlyTheDerivedTables() {
        Pattern grant = Pattern.compile("member\\s*=\\s*\"serviceAccount:\\$\\{google_service_account\\.analytics\\.email}\"");
        text.forEach((file, content) -> assertThat(grant.matcher(content).results().count())
                .as("grants to the analytics account in %s", file).isEqualTo(file.equals("analytics.tf") ? 3 : 0));
        assertThat(resource("google_bigquery_table_iam_member", "analytics_reads_sources").path("role").asText())
                .isEqualTo("roles/bigquery.dataViewer");
        assertThat(resource("google_bigquery_table_iam_member", "analytics_writes_derived").path("role").asText())
                .isEqualTo("roles/bigquery.dataEditor");
        assertThat(resource("google_project_iam_member", "analytics_runs_jobs").path("role").asText())
                .isEqualTo("roles/bigquery.jobUser");
        assertThat(resource("google_bigquery_table_iam_member", "analytics_reads_sources").path("for_each").asText())
                .isEqualTo("${toset([\"events\", \"leech_status\"])}");
        assertThat(resource("google_bigquery_table_iam_member", "analytics_writes_derived").path("for_each").asText())
                .isEqualTo("${local.analytics_tables}");
    }

    @Test
    void analystsReadTablesAndOnlyTheAdHocViewReadsEvents() {
        assertThat(ViewSql.terraformViews().keySet()).containsExactly("events_unique");
        assertThat(blocks("", "output").get("looker_studio_report_url").path("value").asText())
                .isEqualTo("${local.looker_studio_report_url}");
        assertThat(text.get("analytics.tf")).contains("https://lookerstudio.google.com/reporting/create?",
                "ds.ds${i}.connector=bigQuery", "ds.ds${i}.tableId=${t}", "c.reportId=${var.looker_studio_template_report_id}");
        assertThat(blocks("", "output")).containsKeys("analytics_rebuild_sql", "analytics_refresh_sql", "analytics_table_ids");
    }

    // --- dashboard (terraform/dashboard.tf, dashboard/ module) ------------------------------------

    @Test
    void dashboardIsAPrivateCloudRunServiceRunAsItsOwnAccountInvokedOnlyByTheListedMembers() {
        JsonNode service = resource("google_cloud_run_v2_service", "dashboard");
        assertThat(first(service.path("template")).path("service_account").asText())
                .isEqualTo("${google_service_account.dashboard.email}");
        assertThat(first(first(service.path("template")).path("containers")).path("image").asText()).isEqualTo("${var.dashboard_image}");
        JsonNode invokers = resource("google_cloud_run_v2_service_iam_member", "dashboard_invokers");
        assertThat(invokers.path("role").asText()).isEqualTo("roles/run.invoker");
        assertThat(invokers.path("member").asText()).isEqualTo("${each.value}");
        assertThat(invokers.path("for_each").asText()).contains("toset(var.dashboard_invokers)");
        assertThat(invokers.path("name").asText()).isEqualTo("${google_cloud_run_v2_service.dashboard[0].name}");
        assertThat(text.get("dashboard.tf")).doesNotContain("allUsers").doesNotContain("allAuthenticatedUsers");
        JsonNode variable = blocks("", "variable").get("dashboard_invokers");
        assertThat(variable.path("type").asText()).isEqualTo("${list(string)}");
        assertThat(first(variable.path("validation")).path("condition").asText()).contains("^(user|group|serviceAccount|domain");
        assertThat(blocks("", "output")).containsKeys("dashboard_url", "dashboard_service_account", "teams_table_id");
    }

    @Test
    void theDashboardAccountReadsOnlyTheAnalystTablesAndTeamsAndRunsJobs() {
        Pattern grant = Pattern.compile("member\\s*=\\s*\"serviceAccount:\\$\\{google_service_account\\.dashboard\\.email}\"");
        text.forEach((file, content) -> assertThat(grant.matcher(content).results().count())
                .as("grants to the dashboard account in %s", file).isEqualTo(file.equals("dashboard.tf") ? 3 : 0));
        JsonNode derived = resource("google_bigquery_table_iam_member", "dashboard_reads_derived");
        assertThat(derived.path("for_each").asText()).isEqualTo("${toset(local.analyst_tables)}");
        assertThat(derived.path("table_id").asText()).isEqualTo("${google_bigquery_table.analytics[each.key].table_id}");
        assertThat(derived.path("role").asText()).isEqualTo("roles/bigquery.dataViewer");
        JsonNode teams = resource("google_bigquery_table_iam_member", "dashboard_reads_teams");
        assertThat(teams.path("table_id").asText()).isEqualTo("${google_bigquery_table.teams.table_id}");
        assertThat(teams.path("role").asText()).isEqualTo("roles/bigquery.dataViewer");
        assertThat(resource("google_project_iam_member", "dashboard_runs_jobs").path("role").asText())
                .isEqualTo("roles/bigquery.jobUser");
        assertThat(text.get("dashboard.tf")).as("no dataset-wide grant: raw events stay out of reach")
                .doesNotContain("google_bigquery_dataset_iam_member");
    }

    @Test
    void theDashboardGetsTheSettingsItsCodeReadsAndTheTeamsTableItsQueryReads() throws IOException {
        Set<String> read = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]")
                .matcher(Files.readString(Repo.root().resolve("dashboard/src/main/resources/application.yml")));
        while (m.find()) {
            read.add(m.group(1));
        }
        read.removeAll(Set.of("PORT", "GMA_DATA_DIR", "GMA_TEAMS_FILE")); // Cloud Run sets PORT; the others are local mode only
        assertThat(read).contains("PROJECT_ID", "DATASET_ID", "TEAMS_TABLE_ID", "MAXIMUM_BYTES_BILLED");
        assertThat(envOf("dashboard").keySet()).containsAll(read).contains("MICRONAUT_ENVIRONMENTS");
        assertThat(envOf("dashboard").get("MAXIMUM_BYTES_BILLED").path("value").asText())
                .isEqualTo("${tostring(var.dashboard_maximum_bytes_billed)}");
        JsonNode table = resource("google_bigquery_table", "teams");
        assertThat(table.path("schema").asText()).isEqualTo("${file(\"${path.module}/dashboard/teams.json\")}");
        List<String> columns = new ArrayList<>();
        JSON.readTree(Repo.terraform().resolve("dashboard/teams.json").toFile()).forEach(c -> columns.add(c.path("name").asText()));
        assertThat(columns).containsExactly("team", "repository_full_name");
        assertThat(Files.readString(Repo.root().resolve("dashboard/src/main/resources/sql/bigquery/teams.sql")))
                .contains("SELECT team, repository_full_name");
    }

    // --- helpers ------------------------------------------------------------------------------

    private static void checkEnv(String service, Path applicationYml) throws IOException {
        assertThat(applicationYml).as("the %s service's settings file (the lead creates it)", service).exists();
        Set<String> read = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]").matcher(Files.readString(applicationYml));
        while (m.find()) {
            read.add(m.group(1));
        }
        Path gcpYml = applicationYml.resolveSibling("application-gcp.yml");
        if (Files.exists(gcpYml)) {
            Matcher g = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]").matcher(Files.readString(gcpYml));
            while (g.find()) {
                read.add(g.group(1));
            }
        }
        Set<String> needed = new TreeSet<>(read);
        needed.removeAll(NOT_SET_IN_GCP.get(service).keySet());
        needed.addAll(CONTRACT.get(service));
        assertThat(envOf(service).keySet()).as("env of the %s Cloud Run service", service).containsAll(needed);
    }

    private static void collectRoles(JsonNode node, List<String> roles, List<String> projectRoles) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                if (f.getKey().equals("role") && f.getValue().isTextual()) {
                    roles.add(f.getValue().asText());
                    if (projectRoles != null) {
                        projectRoles.add(f.getValue().asText());
                    }
                } else {
                    collectRoles(f.getValue(), roles, projectRoles);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRoles(n, roles, projectRoles));
        }
    }

    private static Set<String> matches(String scope, Pattern pattern) {
        Set<String> out = new LinkedHashSet<>();
        text.forEach((file, content) -> {
            boolean inScope = scope.isEmpty() ? !file.contains("/") : file.startsWith(scope) && !file.substring(scope.length()).contains("/");
            if (inScope) {
                // moved blocks name addresses that no longer exist: their from = ... is not a reference
                Matcher m = pattern.matcher(content.replaceAll("(?m)^\\s*#.*$", "").replaceAll("(?m)^\\s*from\\s*=.*$", ""));
                while (m.find()) {
                    out.add(m.group(1));
                }
            }
        });
        return out;
    }

    private static JsonNode localsBlock() {
        return localsOf("main.tf");
    }

    private static long count(String haystack, String needle) {
        return haystack.split(Pattern.quote(needle), -1).length - 1;
    }
}
