package dev.gma.dashboard.domain;

import dev.gma.dashboard.domain.Records.Change;
import dev.gma.dashboard.domain.Records.DailyChangeFailure;
import dev.gma.dashboard.domain.Records.DailyDeployments;
import dev.gma.dashboard.domain.Records.Deployment;
import dev.gma.dashboard.domain.Records.Incident;
import dev.gma.dashboard.domain.Records.PullRequest;
import dev.gma.dashboard.domain.Records.WorkflowRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The part of both adapters that is the same: which query file answers which question and how its
 * rows become records. An adapter only runs a named query ({@code sql/<dialect>/<name>.sql}) with the
 * query's named parameters and wraps its rows; so both adapters map rows by the same code and the
 * shared contract test checks the SQL of each dialect.
 */
public abstract class QueryingStore implements DashboardStore {

    /** Runs the named query file of this adapter's dialect with named parameters. */
    protected abstract List<Row> run(String name, Map<String, Object> parameters);

    @Override
    public List<DailyDeployments> deploymentFrequency(Query q) {
        return map("deployment_frequency", q, r -> new DailyDeployments(r.string("repository_full_name"), r.day("day"),
                zero(r.number("deployments"))));
    }

    @Override
    public List<DailyChangeFailure> changeFailure(Query q) {
        return map("change_failure", q, r -> new DailyChangeFailure(r.string("repository_full_name"), r.day("day"),
                zero(r.number("deployments")), zero(r.number("failed_deployments")),
                zero(r.number("deployments_with_incident"))));
    }

    @Override
    public List<Change> changes(Query q) {
        return map("changes", q, r -> new Change(r.string("repository_full_name"), r.number("pull_request_number"),
                r.instant("merged_at"), r.string("deployment_key"), r.instant("deployed_at"), r.number("lead_time_seconds")));
    }

    @Override
    public List<Incident> incidents(Query q) {
        return map("incidents", q, r -> new Incident(r.string("repository_full_name"), r.string("kind"),
                r.number("issue_number"), r.string("incident_id"), r.string("deployment_key"), r.instant("started_at"),
                r.instant("restored_at"), r.number("restore_seconds"), r.string("source")));
    }

    @Override
    public List<PullRequest> pullRequests(Query q) {
        return map("pull_requests", q, r -> new PullRequest(r.string("repository_full_name"), zero(r.number("number")),
                r.string("title"), r.string("author"), r.string("state"), Boolean.TRUE.equals(r.bool("merged")),
                r.instant("created_at"), r.instant("merged_at"), r.number("time_to_merge_seconds"),
                r.instant("first_review_at"), r.number("time_to_first_review_seconds"), r.number("changed_lines"),
                r.string("size_bucket")));
    }

    @Override
    public List<WorkflowRun> workflowRuns(Query q) {
        return map("workflow_runs", q, r -> new WorkflowRun(r.string("repository_full_name"),
                zero(r.number("workflow_run_id")), zero(r.number("run_attempt")), r.string("workflow_name"),
                r.string("head_branch"), r.string("status"), r.string("conclusion"), r.instant("run_started_at"),
                r.number("duration_seconds"), r.string("html_url"), r.string("logs_status"), r.string("logs_uri")));
    }

    @Override
    public List<Deployment> deployments(Query q) {
        return map("deployments", q, r -> new Deployment(r.string("repository_full_name"), r.string("deployment_key"),
                r.string("environment"), Boolean.TRUE.equals(r.bool("is_production")), r.string("sha"),
                r.string("creator"), r.string("service"), r.instant("created_at"), r.string("outcome"),
                r.instant("completed_at"), r.number("duration_seconds"), r.string("url"), r.string("source")));
    }

    @Override
    public List<String> repositories() {
        return run("repositories", Map.of()).stream().map(r -> r.string("repository_full_name")).toList();
    }

    @Override
    public Optional<LocalDate> latestActivity() {
        return run("latest_activity", Map.of()).stream().map(r -> r.day("latest_day")).filter(d -> d != null).findFirst();
    }

    private <T> List<T> map(String name, Query q, Function<Row, T> mapper) {
        return run(name, q.parameters()).stream().map(mapper).toList();
    }

    private static long zero(Long n) {
        return n == null ? 0 : n;
    }

    /** The text of {@code sql/<dialect>/<name>.sql} with the shared filter clause in place of {{filter}}. */
    protected static String sql(String dialect, String name) {
        return resource(dialect, name).replace("{{filter}}", resource(dialect, "_filter").strip());
    }

    private static String resource(String dialect, String name) {
        String path = "/sql/" + dialect + "/" + name + ".sql";
        try (InputStream in = QueryingStore.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing query file " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
