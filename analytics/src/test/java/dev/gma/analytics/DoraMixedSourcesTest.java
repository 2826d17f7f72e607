package dev.gma.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gma.store.sqlite.SqliteDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DORA over a hand-checked history mixing GitHub deployments, deployments reported by a CI/CD tool
 * and incidents from a report and from PagerDuty (testdata/analytics/fixtures/dora_mixed_sources.json),
 * the same figures from the BigQuery tables (the refresh script in ZetaSQL) and from the SQLite store.
 *
 * <p>octo-org/checkout: pull request #1 (first commit 11-01 08:00 on feat-1) merged 11-02 10:00 and
 * shipped by GitHub deployment 501 (success 11-02 11:30). Reported deployments to production:
 * cd-1 of b2b2… (a direct push committed 11-03 09:00; success 11-03 10:10, reported twice, once with
 * the SHA in capitals), cd-2
 * (failure 11-04 10:05), cd-3 of d4d4… (no push of it captured; success 11-04 12:05); cd-s1 went to
 * staging. Incidents: ci-1 reported against the commit a1a1… that 501 deployed (opened 11-02 13:00,
 * resolved by a second report at 14:00 that does not repeat caused_by_sha); PagerDuty PINC1 on service payments-api, which cd-1 named
 * (triggered 11-03 12:00, resolved 15:00).
 */
class DoraMixedSourcesTest {

    static final String REPO = "octo-org/checkout";
    static final Set<String> BOOKKEEPING = Set.of("state_version", "logs_version");

    interface Tables {
        Result table(String name) throws SQLException;
    }

    static Path dir;
    static SqliteDatabase db;
    static Map<String, Result> bigQuery;

    @BeforeAll
    static void loadTheHistoryIntoBothEngines() throws Exception {
        Map<String, List<Map<String, Object>>> base = new LinkedHashMap<>(TableRows.all());
        base.put("events", TableRows.events(Repo.analyticsTestdata().resolve("fixtures/dora_mixed_sources.json")));
        base.put("leech_status", List.of());
        ScriptEngine engine = new ScriptEngine(base);
        engine.refresh(Instant.EPOCH);
        bigQuery = new LinkedHashMap<>();
        for (String t : RefreshScript.tables().keySet()) {
            bigQuery.put(t, engine.contents(t, BOOKKEEPING));
        }
        dir = Files.createTempDirectory("gma-dora-mixed");
        db = SqliteDatabase.open(dir.resolve("gma.db"));
        SqliteTwinsTest.load(db, base);
    }

    @AfterAll
    static void removeTheStore() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }

    static Stream<String> engines() {
        return Stream.of("bigquery", "sqlite");
    }

    static Tables engine(String name) {
        if (name.equals("bigquery")) {
            return table -> bigQuery.get(table);
        }
        return table -> SqliteTwinsTest.query(db, "SELECT * FROM " + table, bigQuery.get(table));
    }

    static List<List<String>> rows(Tables tables, String table, String... columns) throws SQLException {
        List<String> withRepo = new ArrayList<>(List.of("repository_full_name"));
        withRepo.addAll(List.of(columns));
        return tables.table(table).project(withRepo).rows().stream()
                .filter(r -> REPO.equals(r.get(0)))
                .map(r -> r.subList(1, r.size()))
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void deploymentsFromEverySourceAreOneRowEach(String engine) throws SQLException {
        assertThat(rows(engine(engine), "deployments", "source", "deployment_key", "is_production", "outcome", "completed_at"))
                .containsExactly(
                        List.of("custom", "custom:cd-1", "true", "success", "2026-11-03T10:10:00Z"), // reported twice, one row
                        List.of("custom", "custom:cd-2", "true", "failure", "2026-11-04T10:05:00Z"),
                        List.of("custom", "custom:cd-3", "true", "success", "2026-11-04T12:05:00Z"),
                        List.of("custom", "custom:cd-s1", "false", "success", "2026-11-04T09:00:00Z"), // staging
                        List.of("github", "501", "true", "success", "2026-11-02T11:30:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void reportedAndPagerDutyIncidentsAreResolvedByTheirLaterReports(String engine) throws SQLException {
        List<List<String>> incidents = engine(engine).table("incidents")
                .project(List.of("source", "incident_id", "repository_full_name", "service", "status", "restore_seconds", "caused_by_sha")).rows();
        assertThat(incidents).containsExactly(
                // 13:00 to 14:00; the resolve left caused_by_sha out, the open's is kept
                List.of("custom", "ci-1", REPO, "NULL", "resolved", "3600", "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1"),
                List.of("pagerduty", "PINC1", "NULL", "payments-api", "resolved", "10800", "NULL")); // 12:00 to 15:00
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void failuresComeFromEverySourceAndAreLinkedToTheirDeployment(String engine) throws SQLException {
        assertThat(rows(engine(engine), "dora_incidents", "kind", "source", "incident_id", "deployment_key", "started_at", "restore_seconds"))
                .containsExactly(
                        // failed cd-2 at 10:05, restored by cd-3 to the same environment at 12:05: 2 h
                        List.of("failed_deployment", "custom", "NULL", "custom:cd-2", "2026-11-04T10:05:00Z", "7200"),
                        // ci-1 names commit a1a1…, which GitHub deployment 501 shipped
                        List.of("incident", "custom", "ci-1", "501", "2026-11-02T13:00:00Z", "3600"),
                        // PINC1 names only service payments-api: cd-1's repository; linked by time to cd-1 (10:10 <= 12:00)
                        List.of("incident", "pagerduty", "PINC1", "custom:cd-1", "2026-11-03T12:00:00Z", "10800"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void changesArePullRequestsAndReportedDirectPushes(String engine) throws SQLException {
        assertThat(rows(engine(engine), "dora_changes", "pull_request_number", "first_commit_source", "deployment_key", "lead_time_seconds"))
                .containsExactly(
                        List.of("1", "head_branch_commits", "501", "99000"), // 11-01 08:00 to 11-02 11:30 = 27.5 h
                        List.of("NULL", "push", "custom:cd-1", "4200"),      // commit 09:00 to 10:10
                        List.of("NULL", "push", "custom:cd-3", "NULL"));     // no push of d4d4… captured
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void theFourMetricsCountEverySource(String engine) throws SQLException {
        Tables t = engine(engine);
        assertThat(rows(t, "dora_deployment_frequency", "day", "deployments")).containsExactly(
                List.of("2026-11-02", "1"),  // 501
                List.of("2026-11-03", "1"),  // cd-1
                List.of("2026-11-04", "1")); // cd-3 (cd-2 failed, cd-s1 is staging)
        assertThat(rows(t, "dora_lead_time", "day", "changes", "lead_time_median_hours", "lead_time_p90_hours")).containsExactly(
                List.of("2026-11-02", "1", "27.5", "27.5"),
                List.of("2026-11-03", "1", "1.166667", "1.166667")); // 4200 s; cd-3's change has no lead time
        assertThat(rows(t, "dora_change_failure_rate", "day", "deployments", "failed_deployments", "deployments_with_incident", "change_failure_rate"))
                .containsExactly(
                        List.of("2026-11-02", "1", "0", "1", "1"),      // 501, named by ci-1
                        List.of("2026-11-03", "1", "0", "1", "1"),      // cd-1, live when PINC1 opened
                        List.of("2026-11-04", "2", "1", "0", "0.5"));   // cd-2 failed, cd-3 fine
        assertThat(rows(t, "dora_time_to_restore", "day", "failures", "restored", "time_to_restore_median_hours")).containsExactly(
                List.of("2026-11-02", "1", "1", "1"),
                List.of("2026-11-03", "1", "1", "3"),
                List.of("2026-11-04", "1", "1", "2"));
    }
}
