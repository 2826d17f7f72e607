package dev.gma.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gma.store.sqlite.SqliteDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The DORA horizon (dora_horizon_days, 90): every DORA link reaches at most 90 days, which is what
 * lets a refresh recompute only the rows anchored from its oldest change minus the horizon. Over
 * eight months of one repository (testdata/analytics/fixtures/dora_horizon.json):
 *
 * <p>octo-org/slow: pull request #10 (first commit 01-02 08:00) merged 01-05 10:00; reported
 * deployment d-fail of its merge commit failed 01-10 10:05; pull request #11 (first commit 04-25
 * 08:00) merged 04-28 10:00; d-ok of its merge commit succeeded 05-01 10:10 (116 days after #10's
 * merge, 111 days after d-fail's failure); incident inc-1 opened 05-02 12:00, inc-late 08-15 00:00
 * (106 days after d-ok was created).
 *
 * <p>The same figures come from a rebuild, from a refresh after every delivery with a 3-day window
 * (so each refresh reads the months before only through its bounds), and from the SQLite store.
 */
class DoraHorizonTest {

    static final String REPO = "octo-org/slow";
    static final Set<String> BOOKKEEPING = Set.of("state_version", "logs_version", "anchored_at");
    static final Duration WINDOW = Duration.ofDays(3);

    static List<Map<String, Object>> events;
    static Map<String, Result> rebuilt;
    static Path dir;
    static SqliteDatabase db;

    @BeforeAll
    static void loadTheHistory() throws Exception {
        events = TableRows.events(Repo.analyticsTestdata().resolve("fixtures/dora_horizon.json"));
        rebuilt = tables(rebuild(events));
        dir = Files.createTempDirectory("gma-dora-horizon");
        db = SqliteDatabase.open(dir.resolve("gma.db"));
        Map<String, List<Map<String, Object>>> base = new LinkedHashMap<>(TableRows.all());
        base.put("events", events);
        base.put("leech_status", List.of());
        SqliteTwinsTest.load(db, base);
    }

    @AfterAll
    static void removeTheStore() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }

    private static ScriptEngine rebuild(List<Map<String, Object>> landed) {
        ScriptEngine engine = engine();
        engine.setRows("events", landed);
        engine.refresh(Instant.EPOCH);
        return engine;
    }

    private static ScriptEngine engine() {
        Map<String, List<Map<String, Object>>> base = new LinkedHashMap<>(TableRows.all());
        base.put("events", List.of());
        base.put("leech_status", List.of());
        return new ScriptEngine(base);
    }

    private static Map<String, Result> tables(ScriptEngine engine) {
        Map<String, Result> out = new LinkedHashMap<>();
        for (String t : RefreshScript.tables().keySet()) {
            out.put(t, engine.contents(t, BOOKKEEPING));
        }
        return out;
    }

    @Test
    void aRefreshAfterEveryDeliveryWithAThreeDayWindowEqualsARebuild() {
        ScriptEngine incremental = engine();
        List<Map<String, Object>> landed = new ArrayList<>();
        for (Map<String, Object> delivery : events) {
            landed.add(delivery);
            Instant refreshAt = Instant.parse((String) delivery.get("received")).plusSeconds(60);
            incremental.setRows("events", landed);
            incremental.refresh(refreshAt.minus(WINDOW));
            Map<String, Result> expected = tables(rebuild(landed));
            Map<String, Result> actual = tables(incremental);
            for (String t : RefreshScript.tables().keySet()) {
                assertThat(actual.get(t).rows()).as("%s after %s", t, delivery.get("delivery_id"))
                        .containsExactlyElementsOf(expected.get(t).rows());
            }
        }
    }

    static Stream<String> engines() {
        return Stream.of("bigquery", "sqlite");
    }

    static List<List<String>> rows(String engine, String table, String... columns) throws SQLException {
        Result result = engine.equals("bigquery") ? rebuilt.get(table)
                : SqliteTwinsTest.query(db, "SELECT * FROM " + table, rebuilt.get(table));
        List<String> withRepo = new ArrayList<>(List.of("repository_full_name"));
        withRepo.addAll(List.of(columns));
        return result.project(withRepo).rows().stream()
                .filter(r -> REPO.equals(r.get(0))).map(r -> r.subList(1, r.size())).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void aChangeIsShippedOnlyByADeploymentWithinTheHorizonOfItsMerge(String engine) throws SQLException {
        assertThat(rows(engine, "dora_changes", "pull_request_number", "first_commit_at", "deployment_key", "lead_time_seconds"))
                .containsExactly(
                        List.of("10", "2026-01-02T08:00:00Z", "NULL", "NULL"), // d-ok came 116 days after the merge
                        List.of("11", "2026-04-25T08:00:00Z", "custom:d-ok", "526200")); // 6 d 2 h 10 min
        assertThat(rows(engine, "dora_lead_time", "day", "changes", "lead_time_median_hours"))
                .containsExactly(List.of("2026-05-01", "1", "146.166667"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void failuresLinkAndRestoreOnlyWithinTheHorizon(String engine) throws SQLException {
        assertThat(rows(engine, "dora_incidents", "kind", "incident_id", "deployment_key", "started_at", "restore_seconds"))
                .containsExactly(
                        List.of("failed_deployment", "NULL", "custom:d-fail", "2026-01-10T10:05:00Z", "NULL"), // d-ok 111 days later
                        List.of("incident", "inc-1", "custom:d-ok", "2026-05-02T12:00:00Z", "NULL"),
                        List.of("incident", "inc-late", "NULL", "2026-08-15T00:00:00Z", "NULL")); // d-ok created 106 days before
        assertThat(rows(engine, "dora_change_failure_rate", "day", "deployments", "failed_deployments", "deployments_with_incident"))
                .containsExactly(List.of("2026-01-10", "1", "1", "0"), List.of("2026-05-01", "1", "0", "1"));
        assertThat(rows(engine, "dora_deployment_frequency", "day", "deployments")).containsExactly(List.of("2026-05-01", "1"));
    }
}
