package dev.gma.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The refresh script of the derived tables, run in ZetaSQL the way the scheduled query runs it: the
 * analytics testdata arrives in 4 batches, out of order, with a late delivery older than the previous
 * refresh and redeliveries of old GUIDs; after every batch the incrementally refreshed tables equal a
 * rebuild from all of history, row for row, and running the same refresh again changes nothing.
 */
class IncrementalRefreshTest {

    /** Shorter than the default 3 days so that later refreshes really leave the first batches out. */
    static final Duration LOOKBACK = Duration.ofHours(24);
    static final Instant ALL_OF_HISTORY = Instant.parse("1970-01-01T00:00:00Z");

    record Batch(List<Map<String, Object>> events, Instant refreshAt) {}

    static List<Batch> batches;

    @BeforeAll
    static void arrangeBatches() {
        batches = arrange();
    }

    /** Every delivery of the four batches, redeliveries included, in the order they landed. */
    static List<Map<String, Object>> allLanded() {
        List<Map<String, Object>> all = new ArrayList<>();
        arrange().forEach(b -> all.addAll(b.events()));
        return all;
    }

    private static Map<String, Result> afterAll;

    /** The derived tables after the four incremental refreshes (computed once per test JVM). */
    static synchronized Map<String, Result> tablesAfterAllBatches() {
        if (afterAll == null) {
            ScriptEngine engine = new ScriptEngine(TableRows.all());
            List<Map<String, Object>> landed = new ArrayList<>();
            for (Batch b : arrange()) {
                landed.addAll(b.events());
                engine.setRows("events", landed);
                engine.setRows("leech_status", leechRowsBy(b.refreshAt()));
                engine.refresh(b.refreshAt().minus(LOOKBACK));
            }
            afterAll = snapshot(engine);
        }
        return afterAll;
    }

    private static List<Batch> arrange() {
        List<Map<String, Object>> events = new ArrayList<>(TableRows.events());
        events.sort(Comparator.comparing(e -> (String) e.get("received")));
        int n = events.size();
        List<List<Map<String, Object>>> chunks = List.of(
                new ArrayList<>(events.subList(0, n / 4)), new ArrayList<>(events.subList(n / 4, n / 2)),
                new ArrayList<>(events.subList(n / 2, 3 * n / 4)), new ArrayList<>(events.subList(3 * n / 4, n)));
        List<Instant> refreshAt = chunks.stream().map(c -> received(c.get(c.size() - 1)).plusSeconds(60)).toList();
        // late: the last two deliveries received before refresh 2 only land in the table after it
        List<Map<String, Object>> late = new ArrayList<>(chunks.get(1).subList(chunks.get(1).size() - 2, chunks.get(1).size()));
        chunks.get(1).removeAll(late);
        chunks.get(2).addAll(0, late);
        // redeliveries: three GUIDs of the first batch arrive again in the last one (same body, later receipt)
        for (Map<String, Object> original : chunks.get(0).subList(0, 3)) {
            Map<String, Object> copy = new LinkedHashMap<>(original);
            copy.put("received", refreshAt.get(3).minus(Duration.ofMinutes(30)).toString());
            copy.put("signature", "sha256=redelivered");
            chunks.get(3).add(copy);
        }
        // and the last batch arrives newest first
        chunks.get(3).sort(Comparator.comparing((Map<String, Object> e) -> (String) e.get("received")).reversed());
        List<Batch> out = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            out.add(new Batch(chunks.get(i), refreshAt.get(i)));
        }
        return out;
    }

    private static Instant received(Map<String, Object> row) {
        return Instant.parse((String) row.get("received"));
    }

    @Test
    void batchesAreLateOutOfOrderAndLeaveOldPartitionsOutOfTheWindow() {
        assertThat(batches).hasSize(4);
        Batch third = batches.get(2);
        assertThat(third.events()).anyMatch(e -> received(e).isBefore(batches.get(1).refreshAt()));
        for (Batch b : batches) {
            Instant windowStart = b.refreshAt().minus(LOOKBACK);
            assertThat(b.events()).as("every delivery is in the window of the refresh after it lands")
                    .allMatch(e -> !received(e).isBefore(windowStart));
        }
        Instant lastWindow = batches.get(3).refreshAt().minus(LOOKBACK);
        assertThat(batches.get(0).events()).as("the last refresh does not read the first batch again")
                .anyMatch(e -> received(e).isBefore(lastWindow));
    }

    @Test
    void incrementalRefreshesEqualARebuildAfterEveryBatchAndARepeatedRefreshChangesNothing() {
        ScriptEngine incremental = new ScriptEngine(TableRows.all());
        List<Map<String, Object>> landed = new ArrayList<>();
        for (Batch b : batches) {
            landed.addAll(b.events());
            incremental.setRows("events", landed);
            incremental.setRows("leech_status", leechRowsBy(b.refreshAt()));
            incremental.refresh(b.refreshAt().minus(LOOKBACK));
            Map<String, Result> afterRefresh = snapshot(incremental);

            ScriptEngine rebuild = new ScriptEngine(TableRows.all());
            rebuild.setRows("events", landed);
            rebuild.setRows("leech_status", leechRowsBy(b.refreshAt()));
            rebuild.refresh(ALL_OF_HISTORY);
            Map<String, Result> rebuilt = snapshot(rebuild);
            for (String table : RefreshScript.tables().keySet()) {
                assertThat(afterRefresh.get(table).rows()).as("%s after the refresh at %s", table, b.refreshAt())
                        .containsExactlyElementsOf(rebuilt.get(table).rows());
            }

            incremental.refresh(b.refreshAt().minus(LOOKBACK));
            Map<String, Result> again = snapshot(incremental);
            for (String table : RefreshScript.tables().keySet()) {
                assertThat(again.get(table).rows()).as("%s refreshed twice at %s", table, b.refreshAt())
                        .containsExactlyElementsOf(afterRefresh.get(table).rows());
            }
        }
    }

    @Test
    void aRefreshReadsNothingOlderThanItsWindow() {
        Batch last = batches.get(3);
        Instant windowStart = last.refreshAt().minus(LOOKBACK);
        List<Map<String, Object>> all = new ArrayList<>();
        batches.forEach(b -> all.addAll(b.events()));

        ScriptEngine clean = new ScriptEngine(TableRows.all());
        clean.setRows("events", all);
        clean.refresh(windowStart);

        // the same events plus, just before the window, a copy of every delivery under a new GUID
        List<Map<String, Object>> poisoned = new ArrayList<>(all);
        for (Map<String, Object> e : all) {
            Map<String, Object> copy = new LinkedHashMap<>(e);
            copy.put("delivery_id", "poison-" + e.get("delivery_id"));
            copy.put("received", windowStart.minusMillis(1).toString());
            poisoned.add(copy);
        }
        ScriptEngine withOldRows = new ScriptEngine(TableRows.all());
        withOldRows.setRows("events", poisoned);
        withOldRows.refresh(windowStart);

        Map<String, Result> a = snapshot(clean);
        Map<String, Result> b = snapshot(withOldRows);
        for (String table : RefreshScript.tables().keySet()) {
            assertThat(b.get(table).rows()).as("%s with rows just before the window", table)
                    .containsExactlyElementsOf(a.get(table).rows());
        }
        assertThat(a.get("pushes").rows()).as("the window itself is not empty").isNotEmpty();
    }

    /**
     * The derived-table side of the same promise: before the last refresh, every derived table gets a
     * copy of each of its rows in a partition far older than anything the last window changed (same
     * keys, same values, partition column in 2020). A refresh that read those partitions would match,
     * update, delete or count the copies; one that reads only from its bounds leaves every copy as it was
     * and computes everything else exactly as without them.
     */
    @Test
    void aRefreshReadsNoDerivedPartitionBeforeItsBounds() {
        ScriptEngine clean = afterBatches(3);
        ScriptEngine poisoned = afterBatches(3);
        Map<String, List<List<String>>> copies = new LinkedHashMap<>();
        RefreshScript.tables().forEach((table, spec) ->
                copies.put(table, poisoned.addCopiesIn(table, spec.path("partition").asText(), LONG_AGO)));
        assertThat(copies.values().stream().mapToInt(List::size).sum()).as("rows copied into old partitions").isGreaterThan(50);

        refresh(clean, batches.get(3));
        refresh(poisoned, batches.get(3));
        for (String table : RefreshScript.tables().keySet()) {
            List<List<String>> expected = new ArrayList<>(clean.contents(table, Set.of()).rows());
            expected.addAll(copies.get(table));
            assertThat(poisoned.contents(table, Set.of()).rows())
                    .as("%s: the copies in old partitions untouched, the rest as without them", table)
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    static final Instant LONG_AGO = Instant.parse("2020-01-01T00:00:00Z");

    private static ScriptEngine afterBatches(int count) {
        ScriptEngine engine = new ScriptEngine(TableRows.all());
        for (Batch b : batches.subList(0, count)) {
            refresh(engine, b);
        }
        return engine;
    }

    /** Lands a batch (on top of the ones before it) and refreshes its window. */
    private static void refresh(ScriptEngine engine, Batch batch) {
        List<Map<String, Object>> landed = new ArrayList<>();
        for (Batch b : batches.subList(0, batches.indexOf(batch) + 1)) {
            landed.addAll(b.events());
        }
        engine.setRows("events", landed);
        engine.setRows("leech_status", leechRowsBy(batch.refreshAt()));
        engine.refresh(batch.refreshAt().minus(LOOKBACK));
    }

    private static List<Map<String, Object>> leechRowsBy(Instant at) {
        return TableRows.all().get("leech_status").stream()
                .filter(r -> !Instant.parse((String) r.get("processed_at")).isAfter(at)).toList();
    }

    private static Map<String, Result> snapshot(ScriptEngine engine) {
        Map<String, Result> out = new LinkedHashMap<>();
        for (String table : RefreshScript.tables().keySet()) {
            out.put(table, engine.contents(table, Set.of()));
        }
        return out;
    }
}
