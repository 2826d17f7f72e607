package dev.gma.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The interface of the Terraform module that platform teams moving from the original Go project's
 * module expect (issue 15): BigQuery in its own project, access inputs for analysts and the two
 * services, the logs bucket's name, a custom webhook domain, the README's input table, the upgrade
 * path (moved blocks, CHANGELOG) and the example with BigQuery in a second project. Offline, like
 * {@link TerraformModuleTest}: every .tf file parsed by @cdktf/hcl2json; no provider, no project.
 */
class TerraformInterfaceTest extends TerraformModuleFixture {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BQ = "${local.bigquery_project_id}";



    // --- BigQuery in its own project ------------------------------------------------------------

    @Test
    void bigQueryProjectIdIsATypedValidatedInputThatDefaultsToProjectId() {
        JsonNode v = variable("big_query_project_id");
        assertThat(v.path("type").asText()).isEqualTo("${string}");
        assertThat(v.has("default")).isTrue();
        assertThat(v.path("default").isNull()).as("default null: project_id").isTrue();
        assertThat(v.path("description").asText()).contains("BIG_QUERY_PROJECT_ID");
        assertThat(first(v.path("validation")).path("condition").asText()).contains("var.big_query_project_id == null", "regex");
        JsonNode locals = first(parsed.get("main.tf").path("locals"));
        assertThat(locals.path("bigquery_project_id").asText())
                .isEqualTo("${coalesce(var.big_query_project_id, var.bigquery_project_id, var.project_id)}");
        JsonNode alias = variable("bigquery_project_id");
        assertThat(alias.path("type").asText()).isEqualTo("${string}");
        assertThat(alias.path("default").isNull()).as("the original module's name, an alias: default null").isTrue();
        assertThat(alias.has("validation")).isTrue();
        JsonNode precondition = first(first(resource("resource", "google_bigquery_dataset", "this").path("lifecycle")).path("precondition"));
        assertThat(precondition.path("condition").asText()).as("the two names never disagree")
                .isEqualTo("${var.big_query_project_id == null || var.bigquery_project_id == null || var.big_query_project_id == var.bigquery_project_id}");
        assertThat(locals.path("view_template_vars").path("project").asText()).isEqualTo(BQ);
        assertThat(resource("data", "google_project", "bigquery").path("project_id").asText()).isEqualTo(BQ);
    }

    @Test
    void theDatasetItsTablesTheDerivedTablesAndTheScheduledQueryLiveInTheBigQueryProject() {
        for (String type : List.of("google_bigquery_dataset", "google_bigquery_table", "google_bigquery_table_iam_member",
                "google_bigquery_dataset_iam_member", "google_bigquery_data_transfer_config")) {
            resourcesOfType(type).forEach((name, r) ->
                    assertThat(r.path("project").asText()).as("project of %s.%s", type, name).isEqualTo(BQ));
        }
        assertThat(resourcesOfType("google_bigquery_table")).containsKeys("tables", "views_tier0", "analytics");
        assertThat(resource("resource", "google_service_account", "analytics").path("project").asText())
                .as("the scheduled query's account lives beside it").isEqualTo(BQ);
        assertThat(resource("resource", "google_service_account_iam_member", "analytics_token_for_transfer_service")
                .path("member").asText())
                .as("the Data Transfer Service agent of the BigQuery project mints its tokens")
                .isEqualTo("serviceAccount:service-${data.google_project.bigquery.number}@gcp-sa-bigquerydatatransfer.iam.gserviceaccount.com");
        String analytics = text.get("analytics.tf");
        assertThat(analytics).as("the rebuild script and the Looker Studio sources name the BigQuery project")
                .doesNotContain("${var.project_id}")
                .contains("DELETE FROM `${local.bigquery_project_id}.", "ds.ds${i}.projectId=${local.bigquery_project_id}");
        JsonNode sub = resource("resource", "google_pubsub_subscription", "events_to_bigquery");
        assertThat(first(sub.path("bigquery_config")).path("table").asText())
                .as("the BigQuery subscription writes into the BigQuery project")
                .startsWith(BQ + ".");
        assertThat(sub.path("project").asText()).as("the subscription stays beside its topic").isEqualTo("${var.project_id}");
        JsonNode apis = resource("resource", "google_project_service", "bigquery_project_apis");
        assertThat(apis.path("project").asText()).isEqualTo(BQ);
        assertThat(apis.path("for_each").asText()).contains("local.bigquery_in_own_project", "bigquery.googleapis.com",
                "bigquerydatatransfer.googleapis.com");
        for (String out : List.of("table_ids", "view_ids", "analytics_table_ids")) {
            assertThat(output(out).path("value").asText()).as("output %s", out).contains(BQ).doesNotContain("var.project_id");
        }
        assertThat(output("big_query_project_id").path("value").asText()).isEqualTo(BQ);
    }

    @Test
    void everyAccountAndThePubSubAgentAreGrantedWhatTheyUseInTheBigQueryProject() {
        Map<String, String> tableGrants = Map.of(
                "webhook_writes_failure_events", "serviceAccount:${google_service_account.webhook.email}",
                "retry_reads_events", "serviceAccount:${google_service_account.retry.email}",
                "retry_writes_checkpoint", "serviceAccount:${google_service_account.retry.email}",
                "retry_writes_redeliveries", "serviceAccount:${google_service_account.retry.email}",
                "leech_reads_events", "serviceAccount:${google_service_account.leech.email}",
                "leech_writes_status", "serviceAccount:${google_service_account.leech.email}",
                "pubsub_writes_events", "${local.pubsub_service_agent}",
                "analytics_reads_sources", "serviceAccount:${google_service_account.analytics.email}",
                "analytics_writes_derived", "serviceAccount:${google_service_account.analytics.email}");
        tableGrants.forEach((name, member) -> {
            JsonNode r = resource("resource", "google_bigquery_table_iam_member", name);
            assertThat(r.path("project").asText()).as("project of %s", name).isEqualTo(BQ);
            assertThat(r.path("member").asText()).as("member of %s", name).isEqualTo(member);
            assertThat(r.has("count") || r.path("for_each").asText().contains("bigquery_in_own_project"))
                    .as("%s is made whether or not the projects differ", name).isFalse();
        });
        assertThat(first(parsed.get("main.tf").path("locals")).path("pubsub_service_agent").asText())
                .as("the agent that writes is the one of the topic's project")
                .contains("data.google_project.this.number", "gcp-sa-pubsub");
        JsonNode jobs = resource("resource", "google_project_iam_member", "bigquery_job_users");
        assertThat(jobs.path("project").asText()).as("jobs run where each BigQuery client is built: the BigQuery project").isEqualTo(BQ);
        assertThat(jobs.path("role").asText()).isEqualTo("roles/bigquery.jobUser");
        assertThat(jobs.path("for_each").fieldNames()).toIterable().containsExactlyInAnyOrder("webhook", "retry", "leech");
        JsonNode analyticsJobs = resource("resource", "google_project_iam_member", "analytics_runs_jobs");
        assertThat(analyticsJobs.path("project").asText()).isEqualTo(BQ);
        resourcesOfType("google_project_iam_member").forEach((name, r) -> {
            if (r.path("role").asText().startsWith("roles/bigquery.")) {
                assertThat(r.path("project").asText()).as("BigQuery role %s is granted in the BigQuery project", name).isEqualTo(BQ);
            }
        });
    }

    @Test
    void bothServicesAndTheLeechPipelineGetTheBigQueryProject() {
        for (String service : List.of("webhook", "retry")) {
            Map<String, JsonNode> env = envOf(service);
            assertThat(env).as("env of %s", service).containsKeys("BIG_QUERY_PROJECT_ID", "PROJECT_ID");
            assertThat(env.get("BIG_QUERY_PROJECT_ID").path("value").asText()).as("%s BIG_QUERY_PROJECT_ID", service).isEqualTo(BQ);
            assertThat(env.get("PROJECT_ID").path("value").asText()).as("%s PROJECT_ID", service).isEqualTo("${var.project_id}");
        }
        JsonNode leech = first(parsed.get("dataflow.tf").path("locals")).path("leech_parameters");
        assertThat(leech.path("projectId").asText()).as("the leech pipeline's projectId is its dataset's project").isEqualTo(BQ);
        assertThat(text.get("dataflow.tf")).contains("projects/${var.project_id}/locations/${var.region}/flexTemplates:launch");
    }

    // --- access --------------------------------------------------------------------------------

    @Test
    void accessInputsHaveTheShapesOfTheOriginalModuleTypedDescribedAndValidated() {
        Map<String, List<String>> shapes = Map.of(
                "dataset_iam", List.of("owners", "editors", "viewers"),
                "webhook_service_iam", List.of("admins", "developers", "invokers"),
                "retry_service_iam", List.of("owners", "editors", "viewers", "admins", "developers", "invokers"));
        shapes.forEach((name, keys) -> {
            JsonNode v = variable(name);
            String type = v.path("type").asText().replaceAll("\\s+", " ");
            assertThat(type).as("type of %s", name).startsWith("${object({");
            for (String k : keys) {
                assertThat(type).as("type of %s", name).containsPattern(k + " = optional\\(list\\(string\\), \\[");
                if (!name.equals("retry_service_iam") || List.of("owners", "editors", "viewers").contains(k)) {
                    assertThat(v.path("default").has(k)).as("default of %s.%s", name, k).isTrue();
                }
            }
            assertThat(v.path("description").asText()).as("description of %s", name).isNotBlank();
            assertThat(v.has("validation")).as("validation of %s", name).isTrue();
        });
        assertThat(strings(variable("webhook_service_iam").path("default").path("invokers"))).containsExactly("allUsers");
        assertThat(variable("webhook_service_iam").path("type").asText())
                .as("setting only admins keeps the webhook public").contains("invokers   = optional(list(string), [\"allUsers\"])");
        assertThat(variable("webhook_service_iam").path("description").asText()).contains("HMAC");
        JsonNode jobUser = variable("dataset_viewers_job_user");
        assertThat(jobUser.path("type").asText()).isEqualTo("${bool}");
        assertThat(jobUser.path("default").asBoolean()).isTrue();
    }

    @Test
    void membersAreValidatedAndOnlyTheWebhookMayBePublic() {
        List<String> people = List.of("user:ana@example.com", "group:analysts@example.com",
                "serviceAccount:looker@p.iam.gserviceaccount.com", "domain:example.com");
        List<String> publicOrMalformed = List.of("allUsers", "allAuthenticatedUsers", "ana@example.com", "user:");
        for (String name : List.of("dataset_iam", "retry_service_iam")) {
            Pattern p = validationRegex(name, 0);
            people.forEach(m -> assertThat(p.matcher(m).find()).as("%s accepts %s", name, m).isTrue());
            publicOrMalformed.forEach(m -> assertThat(p.matcher(m).find()).as("%s refuses %s", name, m).isFalse());
        }
        Pattern deployers = validationRegex("webhook_service_iam", 0);
        assertThat(first(variable("webhook_service_iam").path("validation")).path("condition").asText())
                .contains("var.webhook_service_iam.admins", "var.webhook_service_iam.developers").doesNotContain("invokers");
        publicOrMalformed.forEach(m -> assertThat(deployers.matcher(m).find()).as("webhook admins refuse %s", m).isFalse());
        Pattern invokers = validationRegex("webhook_service_iam", 1);
        for (String m : List.of("allUsers", "allAuthenticatedUsers", "serviceAccount:ci@p.iam.gserviceaccount.com")) {
            assertThat(invokers.matcher(m).find()).as("webhook invokers accept %s", m).isTrue();
        }
        assertThat(invokers.matcher("everyone").find()).isFalse();
    }

    @Test
    void eachAccessGroupMapsToTheNarrowestRoleOnTheNarrowestResource() {
        JsonNode locals = localsOf("access.tf");
        assertThat(JSON.convertValue(locals.path("dataset_roles"), Map.class)).isEqualTo(Map.of(
                "owners", "roles/bigquery.dataOwner", "editors", "roles/bigquery.dataEditor", "viewers", "roles/bigquery.dataViewer"));
        assertThat(JSON.convertValue(locals.path("webhook_service_roles"), Map.class)).isEqualTo(Map.of(
                "admins", "roles/run.admin", "developers", "roles/run.developer", "invokers", "roles/run.invoker"));
        assertThat(JSON.convertValue(locals.path("retry_service_roles"), Map.class)).isEqualTo(Map.of(
                "owners", "roles/run.admin", "editors", "roles/run.developer", "viewers", "roles/run.viewer",
                "admins", "roles/run.admin", "developers", "roles/run.developer", "invokers", "roles/run.invoker"));

        JsonNode dataset = resource("resource", "google_bigquery_dataset_iam_member", "dataset");
        assertThat(dataset.path("for_each").asText()).isEqualTo("${local.dataset_grants}");
        assertThat(dataset.path("project").asText()).isEqualTo(BQ);
        assertThat(dataset.path("dataset_id").asText()).isEqualTo("${google_bigquery_dataset.this.dataset_id}");
        assertThat(text.get("access.tf")).contains("for m in var.dataset_iam[group]", "for m in var.webhook_service_iam[group]",
                "for m in var.retry_service_iam[group]");

        Map<String, String> services = Map.of("webhook_invokers", "webhook", "webhook_service", "webhook", "retry_service", "retry",
                "retry_invoker", "retry");
        Set<String> runRoles = Set.of("roles/run.admin", "roles/run.developer", "roles/run.invoker", "roles/run.viewer");
        Map<String, JsonNode> runGrants = new LinkedHashMap<>(resourcesOfType("google_cloud_run_v2_service_iam_member"));
        runGrants.values().removeIf(r -> !r.path("name").asText().matches("\\$\\{google_cloud_run_v2_service\\.(webhook|retry)\\.name}"));
        assertThat(runGrants.keySet()).as("grants on the webhook and retry services").containsExactlyInAnyOrderElementsOf(services.keySet());
        runGrants.forEach((name, r) -> {
            assertThat(r.path("name").asText()).as("%s is granted on one service", name)
                    .isEqualTo("${google_cloud_run_v2_service." + services.get(name) + ".name}");
            String role = r.path("role").asText();
            assertThat(role.startsWith("${each.value.role}") || runRoles.contains(role)).as("role of %s", name).isTrue();
        });
        assertThat(resource("resource", "google_cloud_run_v2_service_iam_member", "webhook_service").path("for_each").asText())
                .isEqualTo("${local.webhook_service_grants}");
        assertThat(resource("resource", "google_cloud_run_v2_service_iam_member", "retry_service").path("for_each").asText())
                .isEqualTo("${local.retry_service_grants}");

        JsonNode deployers = resource("resource", "google_service_account_iam_member", "service_deployers");
        assertThat(deployers.path("role").asText()).isEqualTo("roles/iam.serviceAccountUser");
        assertThat(deployers.path("service_account_id").asText())
                .as("deployers act as the service's own account only")
                .isEqualTo("${each.value.account == \"webhook\" ? google_service_account.webhook.name : google_service_account.retry.name}");
        assertThat(locals.path("service_deployers").toString())
                .contains("var.webhook_service_iam.admins", "var.webhook_service_iam.developers",
                        "var.retry_service_iam.owners", "var.retry_service_iam.editors",
                        "var.retry_service_iam.admins", "var.retry_service_iam.developers", "distinct(")
                .doesNotContain("invokers", "viewers");
    }

    @Test
    void analystsGetNoProjectRoleBroaderThanJobUserAndOnlyWhenAsked() {
        JsonNode jobUser = resource("resource", "google_project_iam_member", "dataset_viewers_job_user");
        assertThat(jobUser.path("role").asText()).isEqualTo("roles/bigquery.jobUser");
        assertThat(jobUser.path("project").asText()).isEqualTo(BQ);
        assertThat(jobUser.path("for_each").asText())
                .isEqualTo("${var.dataset_viewers_job_user ? toset(var.dataset_iam.viewers) : toset([])}");
        resourcesOfType("google_project_iam_member").forEach((name, r) -> {
            String member = r.path("member").asText();
            boolean moduleAccount = member.startsWith("serviceAccount:${google_service_account.")
                    || member.equals("serviceAccount:${each.value}") && r.path("for_each").toString().contains("google_service_account.");
            if (!moduleAccount) {
                assertThat(r.path("role").asText()).as("project role %s of people (not the module's accounts)", name)
                        .isEqualTo("roles/bigquery.jobUser");
            }
        });
        for (String file : moduleFiles()) {
            parsed.get(file).path("resource").fields().forEachRemaining(type -> {
                if (type.getKey().startsWith("google_project_iam") || type.getKey().startsWith("google_organization_iam")
                        || type.getKey().startsWith("google_folder_iam")) {
                    type.getValue().fields().forEachRemaining(r -> assertThat(first(r.getValue()).toString())
                            .as("%s.%s is not granted from an access input other than dataset viewers", type.getKey(), r.getKey())
                            .doesNotContain("var.webhook_service_iam", "var.retry_service_iam", "var.dataset_iam.owners",
                                    "var.dataset_iam.editors"));
                }
            });
        }
    }

    @Test
    void theLogsBucketNameIsAnInputWithTheOldNameAsItsDefault() {
        JsonNode v = variable("leech_bucket_name");
        assertThat(v.path("type").asText()).isEqualTo("${string}");
        assertThat(v.path("default").isNull()).isTrue();
        assertThat(resource("resource", "google_storage_bucket", "logs").path("name").asText())
                .isEqualTo("${coalesce(var.leech_bucket_name, \"${var.project_id}-${local.prefix}-logs\")}");
        Pattern name = validationRegex("leech_bucket_name", 0);
        for (String ok : List.of("acme-gma-logs", "a_b-c", "abc")) {
            assertThat(name.matcher(ok).find()).as("accepts %s", ok).isTrue();
        }
        for (String bad : List.of("ab", "Acme-logs", "-acme", "acme.example.com", "gs://acme")) {
            assertThat(name.matcher(bad).find()).as("refuses %s", bad).isFalse();
        }
        assertThat(first(parsed.get("dataflow.tf").path("locals")).path("leech_parameters").path("bucketName").asText())
                .isEqualTo("${google_storage_bucket.logs.name}");
    }

    @Test
    void movedBlocksLeadFromAddressesThatNoLongerExistToOnesThatDo() {
        List<JsonNode> moved = new ArrayList<>();
        moduleFiles().forEach(f -> parsed.get(f).path("moved").forEach(moved::add));
        assertThat(moved).as("moved blocks").isNotEmpty();
        Pattern address = Pattern.compile("^\\$\\{(google_[a-z0-9_]+)\\.([a-z0-9_]+)(\\[.*])?}$");
        for (JsonNode m : moved) {
            Matcher from = address.matcher(m.path("from").asText());
            Matcher to = address.matcher(m.path("to").asText());
            assertThat(from.matches() && to.matches()).as("moved %s", m).isTrue();
            assertThat(hasResource(from.group(1), from.group(2))).as("%s is gone", m.path("from").asText()).isFalse();
            assertThat(hasResource(to.group(1), to.group(2))).as("%s exists", m.path("to").asText()).isTrue();
        }
        assertThat(moved).anySatisfy(m -> {
            assertThat(m.path("from").asText()).isEqualTo("${google_cloud_run_v2_service_iam_member.webhook_public}");
            assertThat(m.path("to").asText()).isEqualTo("${google_cloud_run_v2_service_iam_member.webhook_invokers[\"allUsers\"]}");
        });
    }

    // --- custom webhook domain -------------------------------------------------------------------

    @Test
    void webhookDomainsIsATypedValidatedListEmptyByDefault() {
        JsonNode v = variable("webhook_domains");
        assertThat(v.path("type").asText()).isEqualTo("${list(string)}");
        assertThat(v.path("default").isArray() && v.path("default").isEmpty()).isTrue();
        assertThat(v.path("description").asText()).contains("webhook_ip");
        Pattern domain = validationRegex("webhook_domains", 0);
        for (String ok : List.of("github-webhook.example.com", "gma.eu.acme.io", "a.co")) {
            assertThat(domain.matcher(ok).find()).as("accepts %s", ok).isTrue();
        }
        for (String bad : List.of("*.example.com", "Example.com", "https://gma.example.com", "localhost", "gma.example.com/webhook", "-a.example.com")) {
            assertThat(domain.matcher(bad).find()).as("refuses %s", bad).isFalse();
        }
        assertThat(first(v.path("validation")).path("condition").asText()).contains("length(var.webhook_domains) <= 100");
    }

    @Test
    void customDomainsOffGiveNoLoadBalancerResourcesAndOnGiveTheFullChain() {
        assertThat(localsOf("lb.tf").path("webhook_lb_count").asText()).isEqualTo("${length(var.webhook_domains) > 0 ? 1 : 0}");
        Set<String> compute = new TreeSet<>();
        for (String file : moduleFiles()) {
            parsed.get(file).path("resource").fields().forEachRemaining(type -> {
                if (type.getKey().startsWith("google_compute_")) {
                    type.getValue().fields().forEachRemaining(r -> {
                        compute.add(type.getKey() + "." + r.getKey());
                        assertThat(first(r.getValue()).path("count").asText())
                                .as("%s.%s exists only with webhook_domains", type.getKey(), r.getKey())
                                .isEqualTo("${local.webhook_lb_count}");
                    });
                }
            });
        }
        assertThat(compute).containsExactlyInAnyOrder("google_compute_global_address.webhook",
                "google_compute_region_network_endpoint_group.webhook", "google_compute_backend_service.webhook",
                "google_compute_url_map.webhook", "google_compute_managed_ssl_certificate.webhook", "google_compute_ssl_policy.webhook",
                "google_compute_target_https_proxy.webhook", "google_compute_global_forwarding_rule.webhook");
        assertThat(resource("resource", "google_project_service", "compute").path("count").asText())
                .isEqualTo("${var.enable_apis ? local.webhook_lb_count : 0}");

        JsonNode rule = resource("resource", "google_compute_global_forwarding_rule", "webhook");
        assertThat(rule.path("target").asText()).isEqualTo("${google_compute_target_https_proxy.webhook[0].id}");
        assertThat(rule.path("ip_address").asText()).isEqualTo("${google_compute_global_address.webhook[0].id}");
        assertThat(rule.path("port_range").asText()).isEqualTo("443");
        assertThat(rule.path("load_balancing_scheme").asText()).isEqualTo("EXTERNAL_MANAGED");
        JsonNode proxy = resource("resource", "google_compute_target_https_proxy", "webhook");
        assertThat(proxy.path("url_map").asText()).isEqualTo("${google_compute_url_map.webhook[0].id}");
        assertThat(strings(proxy.path("ssl_certificates"))).containsExactly("${google_compute_managed_ssl_certificate.webhook[0].id}");
        assertThat(proxy.path("ssl_policy").asText()).isEqualTo("${google_compute_ssl_policy.webhook[0].id}");
        assertThat(resource("resource", "google_compute_ssl_policy", "webhook").path("min_tls_version").asText()).isEqualTo("TLS_1_2");
        assertThat(resource("resource", "google_compute_url_map", "webhook").path("default_service").asText())
                .isEqualTo("${google_compute_backend_service.webhook[0].id}");
        JsonNode backend = resource("resource", "google_compute_backend_service", "webhook");
        assertThat(backend.path("load_balancing_scheme").asText()).isEqualTo("EXTERNAL_MANAGED");
        assertThat(first(backend.path("backend")).path("group").asText())
                .isEqualTo("${google_compute_region_network_endpoint_group.webhook[0].id}");
        JsonNode neg = resource("resource", "google_compute_region_network_endpoint_group", "webhook");
        assertThat(neg.path("network_endpoint_type").asText()).isEqualTo("SERVERLESS");
        assertThat(neg.path("region").asText()).isEqualTo("${var.region}");
        assertThat(first(neg.path("cloud_run")).path("service").asText()).isEqualTo("${google_cloud_run_v2_service.webhook.name}");
        JsonNode cert = resource("resource", "google_compute_managed_ssl_certificate", "webhook");
        assertThat(first(cert.path("managed")).path("domains").asText()).isEqualTo("${var.webhook_domains}");
        assertThat(cert.path("name").asText()).as("a new name for new domains").contains("sha256(join(\",\", sort(var.webhook_domains)))");
        assertThat(first(cert.path("lifecycle")).path("create_before_destroy").asBoolean()).isTrue();

        assertThat(output("webhook_ip").path("value").asText()).isEqualTo("${try(google_compute_global_address.webhook[0].address, null)}");
        assertThat(output("webhook_url").path("value").asText()).isEqualTo(
                "${length(var.webhook_domains) > 0 ? \"https://${var.webhook_domains[0]}/webhook\" : \"${google_cloud_run_v2_service.webhook.uri}/webhook\"}");
        assertThat(output("webhook_run_url").path("value").asText()).isEqualTo("${google_cloud_run_v2_service.webhook.uri}/webhook");

        JsonNode lbOnly = variable("webhook_load_balancer_only");
        assertThat(lbOnly.path("type").asText()).isEqualTo("${bool}");
        assertThat(lbOnly.path("default").asBoolean(true)).as("the run.app URL keeps answering by default").isFalse();
        assertThat(localsOf("lb.tf").path("webhook_ingress").asText()).isEqualTo(
                "${var.webhook_load_balancer_only && local.webhook_lb_count == 1 ? \"INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER\" : \"INGRESS_TRAFFIC_ALL\"}");
        assertThat(resource("resource", "google_cloud_run_v2_service", "webhook").path("ingress").asText()).isEqualTo("${local.webhook_ingress}");
        assertThat(resource("resource", "google_cloud_run_v2_service", "retry").path("ingress").asText())
                .as("Cloud Scheduler reaches the retry service from outside any VPC").isEqualTo("INGRESS_TRAFFIC_ALL");
    }

    // --- examples ------------------------------------------------------------------------------

    @Test
    void existingProjectExamplePutsBigQueryInASecondProjectAndUsesTheAccessInputs() throws IOException {
        Path dir = Repo.terraform().resolve("examples/existing-project");
        for (String f : List.of("main.tf", "variables.tf", "outputs.tf", "terraform.tfvars.example", "README.md")) {
            assertThat(dir.resolve(f)).exists();
        }
        JsonNode module = first(parsed.get("examples/existing-project/main.tf").path("module").path("gma"));
        assertThat(module.path("big_query_project_id").asText()).isEqualTo("${var.big_query_project_id}");
        assertThat(module.path("project_id").asText()).isEqualTo("${var.project_id}");
        assertThat(module.path("dataset_iam").path("viewers").asText()).isEqualTo("${var.analysts}");
        assertThat(module.path("webhook_service_iam").has("invokers")).as("the webhook stays public by default").isFalse();
        for (String input : List.of("retry_service_iam", "leech_bucket_name", "webhook_domains", "dataset_viewers_job_user")) {
            assertThat(module.has(input)).as("the example sets %s", input).isTrue();
        }
        JsonNode bigQueryProject = blocks("examples/existing-project/", "variable").get("big_query_project_id");
        assertThat(bigQueryProject.has("default")).as("the second project is required in the example").isFalse();
        String tfvars = Files.readString(dir.resolve("terraform.tfvars.example"));
        Matcher project = Pattern.compile("(?m)^project_id\\s*=\\s*\"([^\"]+)\"").matcher(tfvars);
        Matcher bq = Pattern.compile("(?m)^big_query_project_id\\s*=\\s*\"([^\"]+)\"").matcher(tfvars);
        assertThat(project.find() && bq.find()).isTrue();
        assertThat(bq.group(1)).as("BigQuery in a second project").isNotEqualTo(project.group(1));
    }

    @Test
    void everyExampleCallsTheModuleWithItsInputsOnlyAndReadsOutputsItHas() {
        Map<String, JsonNode> vars = blocks("", "variable");
        Set<String> outputs = blocks("", "output").keySet();
        for (String example : List.of("examples/basic/", "examples/existing-project/")) {
            JsonNode module = first(parsed.get(example + "main.tf").path("module").path("gma"));
            assertThat(Repo.terraform().resolve(example).resolve(module.path("source").asText()).normalize())
                    .isEqualTo(Repo.terraform().normalize());
            module.fieldNames().forEachRemaining(arg -> {
                if (!Set.of("source", "version", "providers", "depends_on", "count", "for_each").contains(arg)) {
                    assertThat(vars).as("%s passes %s", example, arg).containsKey(arg);
                }
            });
            vars.forEach((name, v) -> {
                if (!v.has("default")) {
                    assertThat(module.has(name)).as("%s sets required input %s", example, name).isTrue();
                }
            });
            Map<String, JsonNode> declared = blocks(example, "variable");
            Set<String> used = new TreeSet<>();
            text.forEach((file, content) -> {
                if (file.startsWith(example)) {
                    used.addAll(matches(content, Pattern.compile("\\bvar\\.([A-Za-z_][\\w-]*)")));
                    assertThat(outputs).as("outputs %s reads", file)
                            .containsAll(matches(content, Pattern.compile("\\bmodule\\.gma\\.([A-Za-z_][\\w-]*)")));
                }
            });
            assertThat(declared.keySet()).as("variables of %s", example).containsExactlyInAnyOrderElementsOf(used);
            declared.forEach((name, v) -> {
                assertThat(v.path("type").asText()).as("type of %s%s", example, name).isNotBlank();
                assertThat(v.path("description").asText()).as("description of %s%s", example, name).isNotBlank();
            });
        }
    }

    // --- README ------------------------------------------------------------------------------

    @Test
    void readmeInputTableMatchesVariablesTfNamesTypesAndDefaults() {
        Map<String, List<String>> rows = readmeTable("Inputs");
        Map<String, JsonNode> vars = blocks("", "variable");
        assertThat(rows.keySet()).as("inputs in the README's table").containsExactlyInAnyOrderElementsOf(vars.keySet());
        vars.forEach((name, v) -> {
            List<String> row = rows.get(name);
            assertThat(row).as("README row of %s: name, type, default, description", name).hasSize(4);
            String declared = v.path("type").asText().replaceAll("^\\$\\{|}$", "").replaceAll("\\s+", "");
            String documented = row.get(1).replace("`", "").replaceAll("\\s+", "");
            if (declared.startsWith("object(")) {
                assertThat(documented).as("README type of %s", name).startsWith("object");
                matches(v.path("type").asText(), Pattern.compile("(?m)^\\s*(\\w+)\\s*=")).forEach(attribute ->
                        assertThat(row.get(1)).as("README type of %s names %s", name, attribute).contains("`" + attribute + "`"));
            } else {
                assertThat(documented).as("README type of %s", name).isEqualTo(declared);
            }
            String cell = row.get(2).trim();
            if (!v.has("default")) {
                assertThat(cell).as("README default of required %s", name).isEqualTo("(required)");
                return;
            }
            JsonNode d = v.path("default");
            Matcher literal = Pattern.compile("^`([^`]*)`").matcher(cell); // the value; a remark may follow it
            String lit = literal.find() ? literal.group(1) : cell;
            if (d.isNull()) {
                assertThat(lit).as("README default of %s", name).isEqualTo("null");
            } else if (d.isNumber()) {
                assertThat(lit).as("README default of %s", name).matches("-?[0-9.]+");
                assertThat(new java.math.BigDecimal(lit)).as("README default of %s", name).isEqualByComparingTo(d.decimalValue());
            } else if (d.isTextual()) {
                assertThat(lit).as("README default of %s", name).isEqualTo(d.asText().isEmpty() ? "\"\"" : d.asText());
            } else if (d.isBoolean()) {
                assertThat(lit).as("README default of %s", name).isEqualTo(d.asText());
            } else if (d.isEmpty()) {
                assertThat(lit).as("README default of %s", name).isEqualTo(d.isArray() ? "[]" : "{}");
            } else {
                List<String> leaves = new ArrayList<>();
                collectLeaves(d, leaves);
                assertThat(cell).as("README default of %s", name).isNotBlank();
                leaves.forEach(leaf -> assertThat(cell).as("README default of %s shows %s", name, leaf).contains(leaf));
            }
            assertThat(row.get(3)).as("README description of %s", name).isNotBlank();
        });
    }

    @Test
    void readmeOutputTableMatchesOutputsTf() {
        Map<String, List<String>> rows = readmeTable("Outputs");
        assertThat(rows.keySet()).as("outputs in the README's table")
                .containsExactlyInAnyOrderElementsOf(blocks("", "output").keySet());
        rows.forEach((name, row) -> assertThat(row.get(row.size() - 1)).as("README description of output %s", name).isNotBlank());
    }

    @Test
    void readmeSaysWhatToDoAfterApplyAndWhyTheWebhookIsPublic() {
        String readme = Repo.read(Repo.terraform().resolve("README.md"));
        String after = section(readme, "After `apply`");
        assertThat(after).as("steps after apply")
                .contains("gcloud secrets versions add", "webhook_secret_id", "github_private_key_secret_id",
                        "events_tokens_secret_id", "pagerduty_webhook_secrets_secret_id")
                .contains("webhook_url")
                .contains("looker_studio_report_url");
        assertThat(section(readme, "Access")).contains("allUsers", "HMAC", "dataset_iam", "webhook_service_iam", "retry_service_iam");
        assertThat(Repo.terraform().resolve("CHANGELOG.md")).exists();
        String changelog = Repo.read(Repo.terraform().resolve("CHANGELOG.md"));
        for (String input : List.of("big_query_project_id", "dataset_iam", "webhook_service_iam", "retry_service_iam",
                "leech_bucket_name", "webhook_domains")) {
            assertThat(changelog).as("CHANGELOG names %s", input).contains("`" + input + "`");
        }
        moduleFiles().forEach(f -> parsed.get(f).path("moved").forEach(m -> assertThat(changelog)
                .as("CHANGELOG explains the move of %s", m.path("from").asText())
                .contains(m.path("from").asText().replaceAll("^\\$\\{|}$", ""))));
    }

    // --- helpers ------------------------------------------------------------------------------

    static JsonNode variable(String name) {
        JsonNode v = blocks("", "variable").get(name);
        assertThat(v).as("variable %s", name).isNotNull();
        return v;
    }

    static JsonNode output(String name) {
        JsonNode o = blocks("", "output").get(name);
        assertThat(o).as("output %s", name).isNotNull();
        return o;
    }

    static boolean hasResource(String type, String name) {
        return moduleFiles().stream().anyMatch(f -> !parsed.get(f).path("resource").path(type).path(name).isMissingNode());
    }

    static Map<String, JsonNode> resourcesOfType(String type) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (String file : moduleFiles()) {
            parsed.get(file).path("resource").path(type).fields().forEachRemaining(e -> out.put(e.getKey(), first(e.getValue())));
        }
        return out;
    }

    /** Rows of the first table under "## heading" of the module's README, by the name in its first cell. */
    static Map<String, List<String>> readmeTable(String heading) {
        String body = section(Repo.read(Repo.terraform().resolve("README.md")), heading);
        Map<String, List<String>> rows = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : body.split("\n")) {
            if (line.startsWith("|")) {
                inTable = true;
                List<String> cells = new ArrayList<>();
                for (String c : line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length()).split("(?<!\\\\)\\|", -1)) {
                    cells.add(c.trim());
                }
                Matcher name = Pattern.compile("^`([a-z0-9_]+)`$").matcher(cells.get(0));
                if (name.matches()) {
                    assertThat(rows.put(name.group(1), cells)).as("one README row for %s", name.group(1)).isNull();
                }
            } else if (inTable) {
                break;
            }
        }
        assertThat(rows).as("README table under %s", heading).isNotEmpty();
        return rows;
    }

    /** The text under "## heading" up to the next "## ". */
    static String section(String markdown, String heading) {
        int start = markdown.indexOf("\n## " + heading + "\n");
        assertThat(start).as("README section %s", heading).isNotNegative();
        int end = markdown.indexOf("\n## ", start + 4);
        return markdown.substring(start, end < 0 ? markdown.length() : end);
    }

    static void collectLeaves(JsonNode node, List<String> out) {
        if (node.isContainerNode()) {
            node.forEach(n -> collectLeaves(n, out));
        } else if (!node.isNull() && !node.asText().isEmpty()) {
            out.add(node.asText());
        }
    }

    /** The first regex(...) of the index-th validation of a variable, as a Java pattern (RE2 and Java agree on these). */
    static Pattern validationRegex(String variable, int index) {
        String condition = variable(variable).path("validation").path(index).path("condition").asText();
        Matcher m = Pattern.compile("regex\\(\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(condition);
        assertThat(m.find()).as("validation %d of %s uses regex(...)", index, variable).isTrue();
        return Pattern.compile(m.group(1).replace("\\\\", "\\"));
    }

    static Set<String> matches(String content, Pattern pattern) {
        Set<String> out = new TreeSet<>();
        Matcher m = pattern.matcher(content);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
