package dev.gma.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gma.schema.Column;
import dev.gma.schema.TableSchema;
import dev.gma.store.sqlite.SqliteDatabase;
import dev.gma.store.sqlite.SqliteRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SQLite twins of the views (core/src/main/resources/sqlite/views, created by the local store
 * itself through index.txt) return what their BigQuery twins return under ZetaSQL on the same rows.
 */
class SqliteTwinsTest {

    static Path dir;
    static SqliteDatabase db;
    static Map<String, Result> bigQuery;
    /** A second store holding what the incremental refresh test lands: 4 batches, redeliveries included. */
    static Path batchesDir;
    static SqliteDatabase batchesDb;

    @BeforeAll
    static void loadTheSameRowsIntoALocalStore() throws Exception {
        dir = Files.createTempDirectory("gma-analytics");
        db = SqliteDatabase.open(dir.resolve("gma.db"));
        load(db, TableRows.all());
        bigQuery = BigQueryViewsTest.runViews();
        batchesDir = Files.createTempDirectory("gma-analytics-batches");
        batchesDb = SqliteDatabase.open(batchesDir.resolve("gma.db"));
        Map<String, List<Map<String, Object>>> landed = new LinkedHashMap<>(TableRows.all());
        landed.put("events", IncrementalRefreshTest.allLanded());
        load(batchesDb, landed);
    }

    static void load(SqliteDatabase into, Map<String, List<Map<String, Object>>> tables) throws SQLException {
        try (Connection c = into.connect()) {
            c.setAutoCommit(false);
            for (Map.Entry<String, List<Map<String, Object>>> table : tables.entrySet()) {
                TableSchema schema = TableSchema.load(table.getKey());
                for (Map<String, Object> row : table.getValue()) {
                    Map<String, Object> values = new LinkedHashMap<>();
                    for (Column col : schema.columns()) {
                        Object v = row.get(col.name());
                        values.put(col.name(), v != null && "TIMESTAMP".equals(col.type()) ? Instant.parse((String) v) : v);
                    }
                    SqliteRows.insert(c, table.getKey(), values);
                }
            }
            c.commit();
        }
    }

    @AfterAll
    static void removeTheStores() throws IOException {
        for (Path d : List.of(dir, batchesDir)) {
            try (Stream<Path> files = Files.walk(d)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }

    static Stream<String> twinsOfDerivedTables() {
        return twins().stream().filter(t -> !t.equals("events_unique"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("twinsOfDerivedTables")
    void returnsWhatTheIncrementallyRefreshedTableHolds(String view) throws SQLException {
        Result table = IncrementalRefreshTest.tablesAfterAllBatches().get(view);
        assertThat(table).as("derived table %s", view).isNotNull();
        Result actual = query(batchesDb, "SELECT * FROM " + view, table);
        Result expected = table.project(actual.columns());
        assertThat(actual.rows()).as("rows of %s after 4 out-of-order batches", view)
                .containsExactlyElementsOf(expected.rows());
    }

    static List<String> twins() {
        try {
            return Files.readAllLines(Repo.sqliteViews().resolve("index.txt")).stream()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(l -> l.replaceFirst("\\.sql$", ""))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("twins")
    void returnsWhatItsBigQueryTwinReturns(String view) throws SQLException {
        Result table = bigQuery.get(view);
        assertThat(table).as("BigQuery twin of %s", view).isNotNull();
        Result actual = query("SELECT * FROM " + view, table);
        assertThat(actual.columns()).as("columns of %s", view).isEqualTo(table.columns());
        assertThat(actual.rows()).as("rows of %s", view).containsExactlyElementsOf(table.rows());
    }

    @Test
    void theMostUsedViewsHaveATwinAndEveryTwinIsListed() throws IOException {
        assertThat(twins()).contains("events_unique", "pull_requests", "workflow_runs",
                "dora_deployment_frequency", "dora_lead_time", "dora_change_failure_rate", "dora_time_to_restore");
        try (Stream<Path> files = Files.list(Repo.sqliteViews())) {
            List<String> onDisk = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".sql")).map(n -> n.replaceFirst("\\.sql$", "")).sorted().toList();
            assertThat(onDisk).containsExactlyInAnyOrderElementsOf(twins());
        }
        List<String> bigQueryNames = new ArrayList<>(RefreshScript.tables().keySet());
        bigQueryNames.addAll(ViewSql.terraformViews().keySet());
        assertThat(bigQueryNames).containsAll(twins());
    }

    @Test
    void theLocalStoreCreatedEveryTwin() throws SQLException {
        List<String> views = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'view'")) {
            while (rs.next()) {
                views.add(rs.getString(1));
            }
        }
        assertThat(views).containsExactlyInAnyOrderElementsOf(twins());
    }

    /** Runs SQL on the local store; values made canonical with the column types of the BigQuery twin. */
    static Result query(String sql, Result typedLike) throws SQLException {
        return query(db, sql, typedLike);
    }

    static Result query(SqliteDatabase store, String sql, Result typedLike) throws SQLException {
        try (Connection c = store.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                names.add(md.getColumnLabel(i));
            }
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= names.size(); i++) {
                    int at = typedLike.columns().indexOf(names.get(i - 1));
                    String type = at < 0 ? "STRING" : typedLike.types().get(at);
                    row.add(canonical(rs.getObject(i), type));
                }
                rows.add(row);
            }
            return new Result(names, names.stream().map(n -> "?").toList(), rows);
        }
    }

    static String canonical(Object v, String type) {
        if (v == null) {
            return Result.NULL;
        }
        return switch (type) {
            case "INT64" -> v instanceof Number n && n.doubleValue() == n.longValue() ? Long.toString(n.longValue()) : "not an integer: " + v;
            case "BOOL" -> v instanceof Number n ? Boolean.toString(n.longValue() != 0) : "not a boolean: " + v;
            case "DOUBLE" -> v instanceof Number n ? Result.decimal(n.doubleValue()) : "not a number: " + v;
            case "TIMESTAMP" -> Result.timestampText(v.toString());
            default -> Result.text(v.toString());
        };
    }
}
