package dev.gma.analytics;

import com.google.zetasql.resolvedast.ResolvedColumn;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedDeleteStmt;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedInsertStmt;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedMergeStmt;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedStatement;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedTableScan;
import com.google.zetasql.resolvedast.ResolvedNodes.Visitor;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gma.schema.Column;
import dev.gma.schema.TableSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bytes BigQuery bills on demand for the analytics, old views against new tables, from a model:
 *
 * <ul>
 *   <li>Synthetic history: {@link #DELIVERIES_PER_DAY} deliveries a day with the event mix and the
 *       per-column sizes of testdata/analytics/events.json (BigQuery's sizes: STRING 2 + UTF-8
 *       bytes, INT64/TIMESTAMP/FLOAT64/DATE 8, BOOL 1, NULL 0).</li>
 *   <li>Derived tables hold as many rows per delivery as a rebuild of that testdata gives, each of
 *       its average size; they accumulate with history (conservative: an object updated twice is
 *       counted twice).</li>
 *   <li>An INSERT reads nothing of its target.</li>
 *   <li>Which columns each statement reads is taken from ZetaSQL's analysis of the statement with
 *       unused columns pruned (every column of a MERGE or DELETE target, as BigQuery bills them);
 *       which partitions from its bounds: {@code events} and {@code leech_status} the days of the
 *       window; a derived table, the days from its partition bound ({@link PartitionBounds}, the
 *       script variables as the refresh sets them on the testdata arriving in one window) to the
 *       refresh, or all of history where a statement has no bound; temporary tables nothing (they
 *       are built from the window).</li>
 *   <li>The old views had no refresh; each dashboard query scanned, through {@code events_unique},
 *       all of {@code events} for each view in its chain that read it: the columns its object's
 *       refresh reads (the same JSON paths) and events_unique's ranking columns.</li>
 * </ul>
 */
final class AnalyticsCostModel {

    static final int DELIVERIES_PER_DAY = 5_000;
    static final int WINDOW_DAYS = 3;
    static final int DASHBOARD_DAYS = 90;
    static final List<String> DORA_DAILY = List.of(
            "dora_deployment_frequency", "dora_lead_time", "dora_change_failure_rate", "dora_time_to_restore");
    /** Views each old DORA dashboard query expanded to, down to the ones reading events_unique. */
    static final List<String> OLD_DASHBOARD_EVENT_READERS = List.of(
            "deployments", "deployment_statuses", "pull_requests", "pull_request_reviews", "commits", "issues");

    record Figures(long eventsBytes, long derivedBytes) {
        long total() {
            return eventsBytes + derivedBytes;
        }
    }

    private final Map<String, Double> eventColumnBytes = new LinkedHashMap<>();
    private final Map<String, Double> rowsPerDelivery = new LinkedHashMap<>();
    private final Map<String, Double> rowBytes = new LinkedHashMap<>();
    private final Map<String, Map<String, Double>> columnBytes = new LinkedHashMap<>();
    /** Every read of a refresh: the tables each statement scans, with their partition spans. */
    private final List<Scan> refreshScans = new ArrayList<>();
    /** Columns of events each step's statements read (the former views read the same, from all of history). */
    private final Map<String, Set<String>> eventColumnsByStep = new LinkedHashMap<>();
    private final double leechRowsPerDelivery;
    private final double leechRowBytes;

    AnalyticsCostModel() {
        List<Map<String, Object>> events = TableRows.events();
        averageColumns(TableSchema.load("events"), events).forEach(eventColumnBytes::put);
        List<Map<String, Object>> leech = TableRows.all().get("leech_status");
        leechRowsPerDelivery = (double) leech.size() / events.size();
        leechRowBytes = averageColumns(TableSchema.load("leech_status"), leech).values().stream().mapToDouble(d -> d).sum();
        ScriptEngine engine = new ScriptEngine(TableRows.all());
        Instant refreshAt = events.stream().map(e -> Instant.parse((String) e.get("received"))).max(Instant::compareTo)
                .orElseThrow().plusSeconds(60);
        Map<String, JsonNode> derived = RefreshScript.tables();
        engine.onStatement((step, sql, tree) -> {
            for (Scan scan : scans(tree)) {
                if (scan.table().equals("events")) {
                    // the deployments' changes are read from events in their own step, before the MERGEs
                    String object = step.equals("deployment_changes") ? "deployments" : step;
                    eventColumnsByStep.computeIfAbsent(object, k -> new LinkedHashSet<>()).addAll(scan.columns());
                }
                if (derived.containsKey(scan.table())) {
                    String partition = derived.get(scan.table()).path("partition").asText();
                    scan = scan.readFrom(PartitionBounds.from(sql, scan.table(), partition, engine::evaluate)
                            .map(from -> span(from, refreshAt)).orElse(null));
                }
                refreshScans.add(scan);
            }
        });
        // the testdata (1.5 days of deliveries) arrives in one window of the scheduled refresh
        engine.refresh(refreshAt.minus(java.time.Duration.ofDays(WINDOW_DAYS)));
        for (String table : RefreshScript.tables().keySet()) {
            Result rows = engine.contents(table, Set.of());
            rowsPerDelivery.put(table, (double) rows.rows().size() / events.size());
            Map<String, Double> perColumn = new LinkedHashMap<>();
            for (int c = 0; c < rows.columns().size(); c++) {
                double sum = 0;
                for (List<String> row : rows.rows()) {
                    sum += size(rows.types().get(c), row.get(c));
                }
                perColumn.put(rows.columns().get(c), rows.rows().isEmpty() ? 0 : sum / rows.rows().size());
            }
            columnBytes.put(table, perColumn);
            rowBytes.put(table, perColumn.values().stream().mapToDouble(d -> d).sum());
        }
    }

    /** Whole days from a partition bound to the refresh, the partitions a bounded read touches. */
    private static double span(Instant from, Instant refreshAt) {
        if (!from.isBefore(refreshAt)) {
            return 0;
        }
        return Math.ceil(java.time.Duration.between(from, refreshAt).toSeconds() / 86_400.0);
    }

    /** One scheduled refresh with the given days of history. */
    Figures refresh(int historyDays) {
        long events = 0;
        long derived = 0;
        for (Scan scan : refreshScans) {
            if (scan.table().equals("events")) {
                events += bytes(eventColumnBytes, scan.columns()) * DELIVERIES_PER_DAY * WINDOW_DAYS;
            } else if (scan.table().equals("leech_status")) {
                events += (long) (leechRowBytes * leechRowsPerDelivery * DELIVERIES_PER_DAY * WINDOW_DAYS);
            } else if (rowsPerDelivery.containsKey(scan.table())) {
                derived += derivedBytes(scan, historyDays);
            }
        }
        return new Figures(events, derived);
    }

    private long derivedBytes(Scan scan, int historyDays) {
        double days = scan.spanDays() == null ? historyDays : Math.min(scan.spanDays(), historyDays);
        double rows = rowsPerDelivery.get(scan.table()) * DELIVERIES_PER_DAY * days;
        double perRow = scan.wholeTable() ? rowBytes.get(scan.table()) : bytes(columnBytes.get(scan.table()), scan.columns());
        return (long) (rows * perRow);
    }

    /** Derived-table bytes of one refresh by table and kind of read, with the partition span read (for reading the model). */
    Map<String, Long> breakdown(int historyDays) {
        Map<String, Long> out = new java.util.TreeMap<>();
        for (Scan scan : refreshScans) {
            if (rowsPerDelivery.containsKey(scan.table())) {
                String span = scan.spanDays() == null ? "all days" : String.format("%.0f days", scan.spanDays());
                out.merge(scan.table() + (scan.wholeTable() ? " (target, " : " (read, ") + span + ")",
                        derivedBytes(scan, historyDays), Long::sum);
            }
        }
        return out;
    }

    /** Derived-table reads of a refresh with no partition bound (they grow with history). */
    List<String> unboundedReads() {
        return refreshScans.stream().filter(s -> rowsPerDelivery.containsKey(s.table()) && s.spanDays() == null)
                .map(Scan::table).distinct().toList();
    }

    /** The four DORA tiles over the last 90 days, from the daily tables (whole rows of 90 partitions). */
    Figures dashboardOnTables(int historyDays) {
        long bytes = 0;
        for (String table : DORA_DAILY) {
            bytes += (long) (rowsPerDelivery.get(table) * DELIVERIES_PER_DAY * Math.min(historyDays, DASHBOARD_DAYS) * rowBytes.get(table));
        }
        return new Figures(0, bytes);
    }

    /**
     * The same tiles through the former views: each view in the chain that read events_unique scanned,
     * over all of history, the columns of events that its object's refresh reads from the window (the
     * same JSON paths), plus events_unique's own ranking columns.
     */
    Figures dashboardOnOldViews(int historyDays) {
        long bytes = 0;
        for (String view : OLD_DASHBOARD_EVENT_READERS) {
            Set<String> columns = new LinkedHashSet<>(List.of("delivery_id", "received", "signature"));
            columns.addAll(eventColumnsByStep.getOrDefault(view, Set.of()));
            bytes += bytes(eventColumnBytes, columns) * DELIVERIES_PER_DAY * historyDays;
        }
        return new Figures(bytes, 0);
    }

    /** A table a statement reads: its columns, whether whole (DML target), and the days of partitions read (null: all). */
    record Scan(String table, Set<String> columns, boolean wholeTable, Double spanDays) {
        Scan readFrom(Double days) {
            return new Scan(table, columns, wholeTable, days);
        }
    }

    /** Every table a statement reads, with the columns it reads; DML targets are read whole. */
    static List<Scan> scans(ResolvedStatement statement) {
        List<Scan> out = new ArrayList<>();
        Set<ResolvedTableScan> targets = new LinkedHashSet<>();
        ResolvedTableScan inserted = statement instanceof ResolvedInsertStmt insert ? insert.getTableScan() : null;
        if (statement instanceof ResolvedMergeStmt merge) {
            targets.add(merge.getTableScan());
        } else if (statement instanceof ResolvedDeleteStmt delete) {
            targets.add(delete.getTableScan());
        }
        statement.accept(new Visitor() {
            @Override
            public void visit(ResolvedTableScan scan) {
                if (scan == inserted) {
                    return; // an INSERT appends: BigQuery reads nothing of its target
                }
                Set<String> columns = new LinkedHashSet<>();
                for (ResolvedColumn c : scan.getColumnList()) {
                    columns.add(c.getName());
                }
                out.add(new Scan(scan.getTable().getName(), columns, targets.contains(scan), null));
                super.visit(scan);
            }
        });
        return out;
    }

    private static Map<String, Double> averageColumns(TableSchema schema, List<Map<String, Object>> rows) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Column c : schema.columns()) {
            double sum = 0;
            for (Map<String, Object> row : rows) {
                Object v = row.get(c.name());
                sum += v == null ? 0 : "STRING".equals(c.type()) ? 2 + v.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length : 8;
            }
            out.put(c.name(), rows.isEmpty() ? 0 : sum / rows.size());
        }
        return out;
    }

    private static double size(String type, String canonical) {
        if (Result.NULL.equals(canonical)) {
            return 0;
        }
        return switch (type) {
            case "STRING" -> 2 + canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            case "BOOL" -> 1;
            default -> 8;
        };
    }

    private static long bytes(Map<String, Double> perColumn, Set<String> columns) {
        double sum = 0;
        for (String c : columns) {
            sum += perColumn.getOrDefault(c, 0.0);
        }
        return (long) sum;
    }
}
