package dev.gma.analytics;

import com.google.zetasql.resolvedast.ResolvedColumn;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedDeleteStmt;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedMergeStmt;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedStatement;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedTableScan;
import com.google.zetasql.resolvedast.ResolvedNodes.Visitor;
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
 *   <li>Which columns each statement reads is taken from ZetaSQL's analysis of the statement with
 *       unused columns pruned; which partitions from its bounds: {@code events} and
 *       {@code leech_status} the days of the window, derived tables all of them (whole table for a
 *       MERGE or DELETE target, whose every column BigQuery bills), temporary tables nothing (they
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
    private final List<ResolvedStatement> refreshStatements = new ArrayList<>();
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
        engine.onStatement((step, tree) -> {
            refreshStatements.add(tree);
            for (Scan scan : scans(tree)) {
                if (scan.table().equals("events")) {
                    eventColumnsByStep.computeIfAbsent(step, k -> new LinkedHashSet<>()).addAll(scan.columns());
                }
            }
        });
        engine.refresh(Instant.parse("1970-01-01T00:00:00Z"));
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

    /** One scheduled refresh with the given days of history. */
    Figures refresh(int historyDays) {
        long events = 0;
        long derived = 0;
        for (ResolvedStatement statement : refreshStatements) {
            for (Scan scan : scans(statement)) {
                if (scan.table().equals("events")) {
                    events += bytes(eventColumnBytes, scan.columns()) * DELIVERIES_PER_DAY * WINDOW_DAYS;
                } else if (scan.table().equals("leech_status")) {
                    events += (long) (leechRowBytes * leechRowsPerDelivery * DELIVERIES_PER_DAY * WINDOW_DAYS);
                } else if (rowsPerDelivery.containsKey(scan.table())) {
                    double rows = rowsPerDelivery.get(scan.table()) * DELIVERIES_PER_DAY * historyDays;
                    double perRow = scan.wholeTable() ? rowBytes.get(scan.table())
                            : bytes(columnBytes.get(scan.table()), scan.columns());
                    derived += (long) (rows * perRow);
                }
            }
        }
        return new Figures(events, derived);
    }

    /** Derived-table bytes of one refresh by table and kind of read (for reading the model). */
    Map<String, Long> breakdown(int historyDays) {
        Map<String, Long> out = new java.util.TreeMap<>();
        for (ResolvedStatement statement : refreshStatements) {
            for (Scan scan : scans(statement)) {
                if (rowsPerDelivery.containsKey(scan.table())) {
                    double rows = rowsPerDelivery.get(scan.table()) * DELIVERIES_PER_DAY * historyDays;
                    double perRow = scan.wholeTable() ? rowBytes.get(scan.table()) : bytes(columnBytes.get(scan.table()), scan.columns());
                    out.merge(scan.table() + (scan.wholeTable() ? " (target)" : " (read)"), (long) (rows * perRow), Long::sum);
                }
            }
        }
        return out;
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

    record Scan(String table, Set<String> columns, boolean wholeTable) {}

    /** Every table a statement reads, with the columns it reads; DML targets are read whole. */
    static List<Scan> scans(ResolvedStatement statement) {
        List<Scan> out = new ArrayList<>();
        Set<ResolvedTableScan> targets = new LinkedHashSet<>();
        if (statement instanceof ResolvedMergeStmt merge) {
            targets.add(merge.getTableScan());
        } else if (statement instanceof ResolvedDeleteStmt delete) {
            targets.add(delete.getTableScan());
        }
        statement.accept(new Visitor() {
            @Override
            public void visit(ResolvedTableScan scan) {
                Set<String> columns = new LinkedHashSet<>();
                for (ResolvedColumn c : scan.getColumnList()) {
                    columns.add(c.getName());
                }
                out.add(new Scan(scan.getTable().getName(), columns, targets.contains(scan)));
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
