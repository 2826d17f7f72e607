package dev.gma.dashboard.domain;

import dev.gma.dashboard.domain.Records.Change;
import dev.gma.dashboard.domain.Records.DailyChangeFailure;
import dev.gma.dashboard.domain.Records.DailyDeployments;
import dev.gma.dashboard.domain.Records.Deployment;
import dev.gma.dashboard.domain.Records.Incident;
import dev.gma.dashboard.domain.Records.PullRequest;
import dev.gma.dashboard.domain.Records.WorkflowRun;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns the rows of the derived tables into the numbers of each page. The same code serves both
 * adapters, so a page shows the same figures on SQLite and on BigQuery for the same rows. Weeks start
 * on Monday (ISO), days are UTC.
 */
public final class DashboardService {

    /**
     * Default range: 12 weeks, from the Monday 11 weeks before the week of the newest day with activity
     * (or of today when the store is empty) to that day.
     */
    public static final int DEFAULT_WEEKS = 12;
    /** Longest range a page may ask for (bounds what a BigQuery query can read). */
    public static final int MAX_DAYS = 731;
    private static final Set<String> COUNTED_CONCLUSIONS = Set.of("success", "failure", "timed_out", "startup_failure");

    private final DashboardStore store;
    private final Clock clock;

    public DashboardService(DashboardStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Builds the query of a request; blank strings mean "not filtered". */
    public Query query(String from, String to, String organization, String repository, String team) {
        LocalDate end = blank(to) ? null : day("to", to);
        LocalDate start = blank(from) ? null : day("from", from);
        if (end == null) {
            end = start != null ? start.plusWeeks(DEFAULT_WEEKS).minusDays(1)
                    : store.latestActivity().orElse(LocalDate.now(clock.withZone(ZoneOffset.UTC)));
        }
        if (start == null) {
            start = weekOf(end).minusWeeks(DEFAULT_WEEKS - 1);
        }
        if (start.isAfter(end)) {
            throw new BadRequest("from (" + start + ") is after to (" + end + ")");
        }
        if (end.toEpochDay() - start.toEpochDay() + 1 > MAX_DAYS) {
            throw new BadRequest("the range is longer than " + MAX_DAYS + " days: choose a shorter one");
        }
        List<String> teamRepositories = null;
        if (!blank(team)) {
            teamRepositories = store.teams().get(team.strip());
            if (teamRepositories == null) {
                throw new BadRequest("unknown team '" + team.strip() + "': teams come from the teams file (GMA_TEAMS_FILE) or the teams table");
            }
        }
        return new Query(start, end, strip(organization), strip(repository), strip(team), teamRepositories);
    }

    public Map<String, Object> filters() {
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> repositories = store.repositories();
        out.put("organizations", repositories.stream().map(r -> r.substring(0, r.indexOf('/'))).distinct().sorted().toList());
        out.put("repositories", repositories);
        out.put("teams", store.teams());
        out.put("latest_activity", store.latestActivity().map(LocalDate::toString).orElse(null));
        return out;
    }

    // --- DORA overview ------------------------------------------------------------------------

    public Map<String, Object> dora(Query q) {
        List<DailyDeployments> frequency = store.deploymentFrequency(q);
        List<DailyChangeFailure> failures = store.changeFailure(q);
        List<Change> changes = store.changes(q).stream().filter(c -> c.leadTimeSeconds() != null).toList();
        List<Incident> incidents = store.incidents(q);
        List<LocalDate> weeks = weeks(q);

        Map<String, Object> metrics = new LinkedHashMap<>();
        long deployments = frequency.stream().mapToLong(DailyDeployments::deployments).sum();
        double perDay = (double) deployments / q.days();
        Map<LocalDate, Long> deploysByWeek = sumByWeek(frequency, DailyDeployments::day, DailyDeployments::deployments);
        metrics.put("deployment_frequency", metric(deployments == 0 ? null : perDay * 7, "deployments per week",
                deployments == 0 ? null : DoraLevels.deploymentFrequency(perDay),
                trend(weeks, w -> (double) deploysByWeek.getOrDefault(w, 0L)), details("deployments", deployments)));

        Double leadMedian = Stats.hours(Stats.median(changes.stream().map(Change::leadTimeSeconds).toList()));
        Map<LocalDate, List<Long>> leadByWeek = groupByWeek(changes, c -> day(c.deployedAt()), Change::leadTimeSeconds);
        metrics.put("lead_time", metric(leadMedian, "hours (median)", leadMedian == null ? null : DoraLevels.leadTime(leadMedian),
                trend(weeks, w -> Stats.hours(Stats.median(leadByWeek.getOrDefault(w, List.of())))),
                details("changes", changes.size(),
                        "p90_hours", Stats.hours(Stats.percentile(changes.stream().map(Change::leadTimeSeconds).toList(), 0.9)))));

        long completed = failures.stream().mapToLong(DailyChangeFailure::deployments).sum();
        long failed = failures.stream().mapToLong(f -> f.failedDeployments() + f.deploymentsWithIncident()).sum();
        Double rate = completed == 0 ? null : (double) failed / completed;
        Map<LocalDate, Long> completedByWeek = sumByWeek(failures, DailyChangeFailure::day, DailyChangeFailure::deployments);
        Map<LocalDate, Long> failedByWeek = sumByWeek(failures, DailyChangeFailure::day,
                f -> f.failedDeployments() + f.deploymentsWithIncident());
        metrics.put("change_failure_rate", metric(rate, "share of deployments", rate == null ? null : DoraLevels.changeFailureRate(rate),
                trend(weeks, w -> completedByWeek.getOrDefault(w, 0L) == 0 ? null
                        : (double) failedByWeek.getOrDefault(w, 0L) / completedByWeek.get(w)),
                details("deployments", completed, "failed_deployments",
                        failures.stream().mapToLong(DailyChangeFailure::failedDeployments).sum(),
                        "deployments_with_incident", failures.stream().mapToLong(DailyChangeFailure::deploymentsWithIncident).sum())));

        List<Incident> restored = incidents.stream().filter(i -> i.restoreSeconds() != null).toList();
        Double restoreMedian = Stats.hours(Stats.median(restored.stream().map(Incident::restoreSeconds).toList()));
        Map<LocalDate, List<Long>> restoreByWeek = groupByWeek(restored, i -> day(i.startedAt()), Incident::restoreSeconds);
        metrics.put("time_to_restore", metric(restoreMedian, "hours (median)",
                restoreMedian == null ? null : DoraLevels.timeToRestore(restoreMedian),
                trend(weeks, w -> Stats.hours(Stats.median(restoreByWeek.getOrDefault(w, List.of())))),
                details("failures", incidents.size(), "restored", restored.size(), "open", incidents.size() - restored.size())));

        Map<String, Object> out = page(q);
        out.put("edition", DoraLevels.EDITION);
        out.put("metrics", metrics);
        out.put("by_repository", byRepository(q, frequency, failures, changes, incidents));
        out.put("empty", deployments == 0 && completed == 0 && changes.isEmpty() && incidents.isEmpty());
        return out;
    }

    /** The four metrics per repository, so a team's figures can be traced to the repositories behind them. */
    private static List<Map<String, Object>> byRepository(Query q, List<DailyDeployments> frequency,
                                                          List<DailyChangeFailure> failures, List<Change> changes,
                                                          List<Incident> incidents) {
        Set<String> repositories = new TreeSet<>();
        frequency.forEach(f -> repositories.add(f.repository()));
        failures.forEach(f -> repositories.add(f.repository()));
        changes.forEach(c -> repositories.add(c.repository()));
        incidents.forEach(i -> repositories.add(i.repository()));
        List<Map<String, Object>> out = new ArrayList<>();
        for (String repo : repositories) {
            long deployments = frequency.stream().filter(f -> f.repository().equals(repo)).mapToLong(DailyDeployments::deployments).sum();
            List<DailyChangeFailure> f = failures.stream().filter(x -> x.repository().equals(repo)).toList();
            long completed = f.stream().mapToLong(DailyChangeFailure::deployments).sum();
            long failed = f.stream().mapToLong(x -> x.failedDeployments() + x.deploymentsWithIncident()).sum();
            List<Incident> ofRepo = incidents.stream().filter(i -> i.repository().equals(repo)).toList();
            List<Long> restore = ofRepo.stream().map(Incident::restoreSeconds).filter(s -> s != null).toList();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("repository", repo);
            row.put("deployments_per_week", deployments * 7.0 / q.days());
            row.put("deployments", deployments);
            row.put("lead_time_median_hours", Stats.hours(Stats.median(
                    changes.stream().filter(c -> c.repository().equals(repo)).map(Change::leadTimeSeconds).toList())));
            row.put("change_failure_rate", completed == 0 ? null : (double) failed / completed);
            row.put("time_to_restore_median_hours", Stats.hours(Stats.median(restore)));
            row.put("failures", ofRepo.size());
            row.put("open_failures", ofRepo.size() - restore.size());
            out.add(row);
        }
        return out;
    }

    // --- Delivery flow ------------------------------------------------------------------------

    public Map<String, Object> flow(Query q) {
        List<PullRequest> prs = store.pullRequests(q);
        Instant start = q.from().atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = q.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<PullRequest> opened = prs.stream().filter(p -> within(p.createdAt(), start, end)).toList();
        List<PullRequest> merged = prs.stream().filter(p -> p.merged() && within(p.mergedAt(), start, end)).toList();
        List<Long> cycle = merged.stream().map(PullRequest::timeToMergeSeconds).filter(v -> v != null).toList();
        List<Long> review = opened.stream().map(PullRequest::timeToFirstReviewSeconds).filter(v -> v != null).toList();

        Map<String, Long> sizes = new LinkedHashMap<>();
        for (String bucket : List.of("XS", "S", "M", "L", "XL", "unknown")) {
            sizes.put(bucket, 0L);
        }
        opened.forEach(p -> sizes.merge(p.sizeBucket() == null ? "unknown" : p.sizeBucket(), 1L, Long::sum));

        Map<LocalDate, List<Long>> cycleByWeek = groupByWeek(merged, p -> day(p.mergedAt()), PullRequest::timeToMergeSeconds);
        List<Map<String, Object>> weekly = new ArrayList<>();
        for (LocalDate w : weeks(q)) {
            List<Long> ofWeek = cycleByWeek.getOrDefault(w, List.of());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("week", w.toString());
            row.put("merged", ofWeek.size());
            row.put("cycle_time_median_hours", Stats.hours(Stats.median(ofWeek)));
            weekly.add(row);
        }
        Map<String, Object> out = page(q);
        out.put("opened", opened.size());
        out.put("merged", merged.size());
        out.put("cycle_time_median_hours", Stats.hours(Stats.median(cycle)));
        out.put("cycle_time_p90_hours", Stats.hours(Stats.percentile(cycle, 0.9)));
        out.put("first_review_median_hours", Stats.hours(Stats.median(review)));
        out.put("first_review_p90_hours", Stats.hours(Stats.percentile(review, 0.9)));
        out.put("reviewed", review.size());
        out.put("sizes", sizes);
        out.put("weekly", weekly);
        out.put("empty", prs.isEmpty());
        return out;
    }

    // --- CI health ----------------------------------------------------------------------------

    public Map<String, Object> ci(Query q) {
        List<WorkflowRun> runs = store.workflowRuns(q);
        Map<String, List<WorkflowRun>> byWorkflow = new TreeMap<>();
        runs.forEach(r -> byWorkflow.computeIfAbsent(r.repository() + "\u0000" + name(r.workflowName()), k -> new ArrayList<>()).add(r));
        List<Map<String, Object>> workflows = new ArrayList<>();
        byWorkflow.forEach((key, list) -> {
            List<WorkflowRun> counted = list.stream().filter(r -> COUNTED_CONCLUSIONS.contains(r.conclusion())).toList();
            long succeeded = counted.stream().filter(r -> "success".equals(r.conclusion())).count();
            List<Long> durations = list.stream().filter(r -> "completed".equals(r.status()))
                    .map(WorkflowRun::durationSeconds).filter(d -> d != null).toList();
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("repository", list.get(0).repository());
            w.put("workflow", name(list.get(0).workflowName()));
            w.put("runs", list.size());
            w.put("succeeded", succeeded);
            w.put("failed", counted.size() - succeeded);
            w.put("success_rate", counted.isEmpty() ? null : (double) succeeded / counted.size());
            w.put("duration_p50_seconds", Stats.median(durations));
            w.put("duration_p90_seconds", Stats.percentile(durations, 0.9));
            workflows.add(w);
        });
        List<WorkflowRun> counted = runs.stream().filter(r -> COUNTED_CONCLUSIONS.contains(r.conclusion())).toList();
        long succeeded = counted.stream().filter(r -> "success".equals(r.conclusion())).count();
        List<Map<String, Object>> failing = new ArrayList<>();
        runs.stream().filter(r -> COUNTED_CONCLUSIONS.contains(r.conclusion()) && !"success".equals(r.conclusion()))
                .sorted((a, b) -> compare(b.startedAt(), a.startedAt()))
                .forEach(r -> {
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("repository", r.repository());
                    f.put("workflow", name(r.workflowName()));
                    f.put("run_id", r.runId());
                    f.put("attempt", r.attempt());
                    f.put("branch", r.headBranch());
                    f.put("conclusion", r.conclusion());
                    f.put("started_at", text(r.startedAt()));
                    f.put("duration_seconds", r.durationSeconds());
                    f.put("html_url", r.htmlUrl());
                    f.put("logs_status", r.logsStatus());
                    f.put("logs_uri", r.logsUri());
                    f.put("logs_url", logsUrl(r.logsUri()));
                    failing.add(f);
                });
        Map<String, Object> out = page(q);
        out.put("runs", runs.size());
        out.put("success_rate", counted.isEmpty() ? null : (double) succeeded / counted.size());
        out.put("workflows", workflows);
        out.put("failing", failing);
        out.put("archived_logs", runs.stream().filter(r -> r.logsUri() != null).count());
        out.put("empty", runs.isEmpty());
        return out;
    }

    // --- Deployments and incidents ------------------------------------------------------------

    public Map<String, Object> deployments(Query q) {
        List<Deployment> deployments = store.deployments(q);
        List<Incident> incidents = store.incidents(q);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Deployment d : deployments) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("repository", d.repository());
            r.put("deployment_key", d.deploymentKey());
            r.put("service", d.service());
            r.put("environment", d.environment());
            r.put("production", d.production());
            r.put("outcome", d.outcome());
            r.put("sha", d.sha());
            r.put("creator", d.creator());
            r.put("created_at", text(d.createdAt()));
            r.put("completed_at", text(d.completedAt()));
            r.put("duration_seconds", d.durationSeconds());
            r.put("url", d.url());
            r.put("source", d.source());
            rows.add(r);
        }
        List<Map<String, Object>> failures = new ArrayList<>();
        incidents.stream().sorted((a, b) -> compare(b.startedAt(), a.startedAt())).forEach(i -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("repository", i.repository());
            r.put("kind", i.kind());
            r.put("issue_number", i.issueNumber());
            r.put("incident_id", i.incidentId());
            r.put("deployment_key", i.deploymentKey());
            r.put("started_at", text(i.startedAt()));
            r.put("restored_at", text(i.restoredAt()));
            r.put("restore_hours", Stats.hours(i.restoreSeconds() == null ? null : i.restoreSeconds().doubleValue()));
            r.put("source", i.source());
            failures.add(r);
        });
        Map<String, Long> outcomes = new TreeMap<>(deployments.stream().filter(Deployment::production)
                .collect(Collectors.groupingBy(d -> d.outcome() == null ? "pending" : d.outcome(), Collectors.counting())));
        Set<String> sources = new TreeSet<>();
        deployments.forEach(d -> sources.add(d.source()));
        incidents.forEach(i -> sources.add(i.source()));
        Map<String, Object> out = page(q);
        out.put("deployments", rows);
        out.put("incidents", failures);
        out.put("production_outcomes", outcomes);
        out.put("sources", sources);
        out.put("empty_deployments", deployments.isEmpty());
        out.put("empty_incidents", incidents.isEmpty());
        return out;
    }

    // --- helpers ------------------------------------------------------------------------------

    private static Map<String, Object> page(Query q) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("from", q.from().toString());
        filter.put("to", q.to().toString());
        filter.put("days", q.days());
        filter.put("organization", q.organization());
        filter.put("repository", q.repository());
        filter.put("team", q.team());
        filter.put("team_repositories", q.teamRepositories());
        out.put("filter", filter);
        return out;
    }

    private static Map<String, Object> metric(Double value, String unit, DoraLevels.Level level,
                                              List<Map<String, Object>> trend, Map<String, Object> details) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", value);
        m.put("unit", unit);
        m.put("level", level == null ? null : level.name());
        m.putAll(details);
        m.put("trend", trend);
        return m;
    }

    private static Map<String, Object> details(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }

    static List<LocalDate> weeks(Query q) {
        List<LocalDate> weeks = new ArrayList<>();
        for (LocalDate w = weekOf(q.from()); !w.isAfter(q.to()); w = w.plusWeeks(1)) {
            weeks.add(w);
        }
        return weeks;
    }

    static LocalDate weekOf(LocalDate day) {
        return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    private static List<Map<String, Object>> trend(List<LocalDate> weeks, Function<LocalDate, Double> value) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (LocalDate w : weeks) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("week", w.toString());
            point.put("value", value.apply(w));
            out.add(point);
        }
        return out;
    }

    private static <T> Map<LocalDate, Long> sumByWeek(List<T> rows, Function<T, LocalDate> day, Function<T, Long> value) {
        Map<LocalDate, Long> out = new TreeMap<>();
        rows.forEach(r -> out.merge(weekOf(day.apply(r)), value.apply(r), Long::sum));
        return out;
    }

    private static <T> Map<LocalDate, List<Long>> groupByWeek(List<T> rows, Function<T, LocalDate> day, Function<T, Long> value) {
        Map<LocalDate, List<Long>> out = new TreeMap<>();
        rows.forEach(r -> out.computeIfAbsent(weekOf(day.apply(r)), k -> new ArrayList<>()).add(value.apply(r)));
        return out;
    }

    private static LocalDate day(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    private static boolean within(Instant t, Instant start, Instant end) {
        return t != null && !t.isBefore(start) && t.isBefore(end);
    }

    private static int compare(Instant a, Instant b) {
        return a == null ? (b == null ? 0 : -1) : b == null ? 1 : a.compareTo(b);
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }

    private static String name(String workflow) {
        return workflow == null ? "(unnamed workflow)" : workflow;
    }

    /**
     * A browser link to archived logs: the Cloud Console for gs:// objects; in local mode a file of the
     * local bucket is downloaded through {@code /logs} (which serves only files under
     * {@code $GMA_DATA_DIR/bucket}).
     */
    static String logsUrl(String uri) {
        if (uri == null || uri.isBlank()) {
            return null;
        }
        if (uri.startsWith("gs://")) {
            return uri.length() > 5 ? "https://console.cloud.google.com/storage/browser/_details/" + uri.substring(5) : null;
        }
        return "/logs?uri=" + java.net.URLEncoder.encode(uri, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String strip(String s) {
        return blank(s) ? null : s.strip();
    }

    private static LocalDate day(String name, String value) {
        try {
            return LocalDate.parse(value.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw new BadRequest(name + " must be a day as YYYY-MM-DD, got '" + value + "'");
        }
    }

    /** A request the pages cannot answer: its message names what to change. */
    public static final class BadRequest extends RuntimeException {
        public BadRequest(String message) {
            super(message);
        }
    }
}
