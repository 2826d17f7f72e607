package dev.gma.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What analysts read, against golden files: the module's view (events_unique) run by ZetaSQL, and
 * every derived table as a rebuild from all of testdata/analytics leaves it (the refresh script run by
 * {@link ScriptEngine}). The bookkeeping columns (state_version, logs_version) are left out.
 */
class BigQueryViewsTest {

    /** Columns left out of golden files: too large to read (the raw payload). */
    static final Map<String, List<String>> NOT_COMPARED = Map.of("events_unique", List.of("payload"));

    static Map<String, Result> results;

    @BeforeAll
    static void runAllViews() {
        results = runViews();
    }

    private static Map<String, Result> cached;

    /** Executes every view in dependency order on the testdata rows (once per test JVM); results by view name. */
    static synchronized Map<String, Result> runViews() {
        if (cached == null) {
            cached = execute();
        }
        return cached;
    }

    static final java.util.Set<String> BOOKKEEPING = java.util.Set.of("state_version", "logs_version", "anchored_at");

    private static Map<String, Result> execute() {
        Map<String, String> views = ViewSql.terraformViews();
        ZetaSqlEngine engine = new ZetaSqlEngine(TableRows.all());
        Map<String, Result> out = new LinkedHashMap<>();
        for (String view : ViewSql.creationOrder(views)) {
            try {
                out.put(view, engine.materialize(view, ViewSql.forLocalCatalog(views.get(view))));
            } catch (RuntimeException e) {
                throw new AssertionError("view " + view + " does not run in ZetaSQL: " + e.getMessage(), e);
            }
        }
        ScriptEngine tables = new ScriptEngine(TableRows.all());
        tables.refresh(java.time.Instant.EPOCH);
        for (String table : RefreshScript.tables().keySet()) {
            out.put(table, tables.contents(table, BOOKKEEPING));
        }
        return out;
    }

    static Stream<String> views() {
        return runViews().keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("views")
    void viewMatchesItsGoldenFile(String view) {
        Result actual = results.get(view);
        List<String> notCompared = NOT_COMPARED.getOrDefault(view, List.of());
        if (Golden.updating()) {
            Golden.write(view, actual, notCompared);
        }
        Golden golden = Golden.read(view);
        List<String> compared = new ArrayList<>(actual.columns());
        compared.removeAll(golden.notCompared());
        assertThat(golden.expected().columns()).as("columns of %s", view).isEqualTo(compared);
        assertThat(actual.project(compared).rows()).as("rows of %s", view)
                .containsExactlyElementsOf(golden.expected().rows());
    }

    @Test
    void everyViewHasAGoldenFileWithRows() {
        for (String view : runViews().keySet()) {
            assertThat(Golden.file(view)).as("golden file of " + view).exists();
            assertThat(Golden.read(view).expected().rows()).as("rows expected of " + view).isNotEmpty();
        }
    }
}
