package dev.gma.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.zetasql.AnalyzerOptions;
import com.google.zetasql.Analyzer;
import com.google.zetasql.PreparedQuery;
import com.google.zetasql.SimpleCatalog;
import com.google.zetasql.SimpleColumn;
import com.google.zetasql.SimpleTable;
import com.google.zetasql.TableContent;
import com.google.zetasql.Type;
import com.google.zetasql.TypeFactory;
import com.google.zetasql.Value;
import com.google.zetasql.ZetaSQLBuiltinFunctionOptions;
import com.google.zetasql.ZetaSQLType.TypeKind;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedStatement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the analytics refresh script in ZetaSQL, BigQuery's reference implementation. Every statement is
 * first analysed as the BigQuery statement it is (MERGE, DELETE, INSERT, CREATE TEMP TABLE), against
 * tables typed from the schema files. ZetaSQL's evaluator runs queries but not MERGE, so each DML
 * statement is then carried out through the queries that define its result: for MERGE, the rows it
 * updates (target joined to source under the ON and WHEN MATCHED conditions, SET columns computed from
 * the joined rows), the rows it leaves alone and the rows it inserts; for DELETE, the rows whose condition is not
 * TRUE; for INSERT, the query's rows appended. The statement shapes this supports are exactly the ones
 * the refresh files use, and anything else fails the test.
 *
 * <p>Script variables ({@code window_start} and the ones {@code refresh/variables.sql} declares) are
 * passed to ZetaSQL as query parameters of the same names; {@code SET v = (query)} evaluates the query
 * and assigns the variable, as BigQuery does. Temporary tables and variables live until {@link #endScript()}.
 */
final class ScriptEngine {

    private record Table(SimpleTable shape, List<List<Value>> rows) {}

    private static final Pattern CREATE_TEMP = Pattern.compile("(?s)CREATE TEMP TABLE (\\w+) AS\\s+(.*)");
    private static final Pattern MERGE = Pattern.compile(
            "(?s)MERGE `(\\w+)` AS t\\s+USING \\((.*)\\) AS s\\s+ON (.*?)\\s+WHEN MATCHED(?: AND (.*?))? THEN UPDATE SET\\s+(.*?)"
                    + "(\\s+WHEN NOT MATCHED THEN INSERT ROW)?");
    private static final Pattern DELETE = Pattern.compile("(?s)DELETE FROM `(\\w+)` AS t\\s+WHERE (.*)");
    private static final Pattern INSERT = Pattern.compile("(?s)INSERT INTO `(\\w+)`\\s+(.*)");
    private static final Pattern ASSIGNMENT = Pattern.compile("(?s)(\\w+) = (.+)");
    private static final Pattern SET = Pattern.compile("(?s)SET (\\w+) = (.*)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Table> tables = new LinkedHashMap<>();
    /** Told of every statement as it runs: its step, its text (variables unreplaced) and its resolved tree. */
    interface StatementListener {
        void statement(String step, String sql, ResolvedStatement tree);
    }

    private StatementListener listener = (step, sql, tree) -> {};
    private String step = "";
    private final Map<String, Table> temporary = new LinkedHashMap<>();
    private final Map<String, RefreshScript.Variable> declared = RefreshScript.variables();
    private final Map<String, Value> variables = new LinkedHashMap<>();
    private Pattern variableNames;

    /** Base tables from the schema files with the given rows, and every derived table, empty. */
    ScriptEngine(Map<String, List<Map<String, Object>>> baseRows) {
        ZetaSqlEngine base = new ZetaSqlEngine(baseRows);
        base.forEachTable((name, shape, content) -> tables.put(name, new Table(shape, new ArrayList<>(content.getTableData()))));
        for (String table : RefreshScript.tables().keySet()) {
            tables.put(table, new Table(derivedShape(table), new ArrayList<>()));
        }
    }

    private static SimpleTable derivedShape(String table) {
        SimpleTable shape = new SimpleTable(table);
        try {
            for (JsonNode c : JSON.readTree(RefreshScript.schemaFile(table).toFile())) {
                shape.addSimpleColumn(c.path("name").asText(), ZetaSqlEngine.type(c.path("type").asText()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return shape;
    }

    /** Called with the step and the resolved tree of every statement as it runs (the cost model reads the scans). */
    void onStatement(StatementListener listener) {
        this.listener = listener;
    }

    /** Number of rows a table holds now. */
    int rowCount(String table) {
        return find(table).rows().size();
    }

    /** Replaces a base table's rows (e.g. events as they stand before a refresh). */
    void setRows(String table, List<Map<String, Object>> rows) {
        SimpleTable shape = tables.get(table).shape();
        List<List<Value>> values = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            List<Value> v = new ArrayList<>();
            for (SimpleColumn c : shape.getColumnList()) {
                v.add(ZetaSqlEngine.value(c.getType(), row.get(c.getName())));
            }
            values.add(v);
        }
        tables.put(table, new Table(shape, values));
    }

    /** Runs every statement of the refresh script with the given window start. */
    void refresh(Instant windowStart) {
        declare(windowStart);
        for (RefreshScript.Statement s : RefreshScript.statements()) {
            step = s.step();
            try {
                execute(s.sql(), windowStart);
            } catch (RuntimeException e) {
                throw new AssertionError("step " + s.step() + " failed: " + e.getMessage() + "\n" + s.sql(), e);
            }
        }
        endScript();
    }

    void endScript() {
        temporary.clear();
        variables.clear();
    }

    /** The prologue: window_start, then every declared variable, NULL or its DEFAULT (evaluated in order). */
    private void declare(Instant windowStart) {
        variables.clear();
        variables.put("window_start", timestamp(windowStart));
        variableNames = Pattern.compile("(?<![@.\\w])(" + String.join("|", allVariableNames()) + ")(?!\\w)");
        for (RefreshScript.Variable v : declared.values()) {
            variables.put(v.name(), v.defaultSql() == null
                    ? Value.createNullValue(typeOf(v.type()))
                    : scalar("SELECT " + parameters(v.defaultSql()) + " AS v"));
        }
    }

    private List<String> allVariableNames() {
        List<String> names = new ArrayList<>(List.of("window_start"));
        names.addAll(declared.keySet());
        return names;
    }

    /** The value of an expression over the script variables as they stand (the cost model reads the bounds). */
    Value evaluate(String expression) {
        return scalar("SELECT " + parameters(expression) + " AS v");
    }

    private String parameters(String sql) {
        return variableNames.matcher(sql).replaceAll("@$1");
    }

    private Value scalar(String sql) {
        Table t = query("scalar", sql, variables);
        if (t.rows().size() != 1 || t.shape().getColumnList().size() != 1) {
            throw new IllegalStateException("a variable's value must be one row of one column: " + sql);
        }
        return t.rows().get(0).get(0);
    }

    /**
     * Adds to a table a copy of each of its rows with one column (its partition column) moved to the
     * given instant's day, and returns the copies as canonical rows: rows in partitions a refresh must
     * not read.
     */
    List<List<String>> addCopiesIn(String table, String column, Instant at) {
        Table t = find(table);
        List<SimpleColumn> cols = t.shape().getColumnList();
        int index = -1;
        for (int i = 0; i < cols.size(); i++) {
            if (cols.get(i).getName().equals(column)) {
                index = i;
            }
        }
        if (index < 0) {
            throw new IllegalArgumentException(table + " has no column " + column);
        }
        Value moved = cols.get(index).getType().getKind() == TypeKind.TYPE_DATE
                ? Value.createDateValue(java.time.LocalDate.ofInstant(at, java.time.ZoneOffset.UTC))
                : timestamp(at);
        List<List<Value>> copies = new ArrayList<>();
        for (List<Value> row : t.rows()) {
            List<Value> copy = new ArrayList<>(row);
            copy.set(index, moved);
            copies.add(copy);
        }
        t.rows().addAll(copies);
        return copies.stream().map(r -> r.stream().map(ZetaSqlEngine::canonical).toList()).toList();
    }

    /** A table's rows as canonical text, all columns but the ones named. */
    Result contents(String table, Set<String> leftOut) {
        Table t = find(table);
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<Integer> idx = new ArrayList<>();
        List<SimpleColumn> cols = t.shape().getColumnList();
        for (int i = 0; i < cols.size(); i++) {
            if (!leftOut.contains(cols.get(i).getName())) {
                names.add(cols.get(i).getName());
                types.add(cols.get(i).getType().getKind().name().replaceFirst("^TYPE_", ""));
                idx.add(i);
            }
        }
        List<List<String>> rows = new ArrayList<>();
        for (List<Value> row : t.rows()) {
            rows.add(idx.stream().map(i -> ZetaSqlEngine.canonical(row.get(i))).toList());
        }
        return new Result(names, types, rows);
    }

    void execute(String sql, Instant windowStart) {
        String zeta = parameters(sql);
        Map<String, Value> params = variables;
        Matcher m;
        if ((m = SET.matcher(sql)).matches()) {
            if (!declared.containsKey(m.group(1))) {
                throw new IllegalArgumentException("SET of a variable variables.sql does not declare: " + m.group(1));
            }
            Value value = scalar("SELECT " + parameters(m.group(2)) + " AS v");
            if (!value.getType().equals(typeOf(declared.get(m.group(1)).type()))) {
                throw new IllegalArgumentException("SET " + m.group(1) + ": a " + value.getType() + " for a " + declared.get(m.group(1)).type());
            }
            variables.put(m.group(1), value);
            return;
        }
        listener.statement(step, sql, analyse(zeta));
        if ((m = CREATE_TEMP.matcher(zeta)).matches()) {
            temporary.put(m.group(1), query(m.group(1), m.group(2), params));
        } else if ((m = MERGE.matcher(zeta)).matches()) {
            merge(m, params);
        } else if ((m = DELETE.matcher(zeta)).matches()) {
            Table target = find(m.group(1));
            replace(m.group(1), query(m.group(1), "SELECT t.* FROM `" + m.group(1) + "` AS t WHERE (" + m.group(2) + ") IS NOT TRUE", params), target);
        } else if ((m = INSERT.matcher(zeta)).matches()) {
            Table target = find(m.group(1));
            Table added = query(m.group(1), m.group(2), params);
            requireSameColumns(m.group(1), target, added);
            target.rows().addAll(added.rows());
        } else {
            throw new IllegalArgumentException("statement shape not supported by the test runner: " + sql);
        }
    }

    private void merge(Matcher m, Map<String, Value> params) {
        String name = m.group(1);
        String on = m.group(3);
        String when = m.group(4) == null ? "TRUE" : m.group(4);
        Table target = find(name);
        temporary.put("merge_source", query("merge_source", m.group(2), params));
        Map<String, String> set = new LinkedHashMap<>();
        for (String assignment : topLevelCommaSplit(m.group(5))) {
            Matcher a = ASSIGNMENT.matcher(assignment.strip());
            if (!a.matches()) {
                throw new IllegalArgumentException("SET must assign columns (c = expression): " + assignment);
            }
            set.put(a.group(1), a.group(2));
        }
        List<String> updated = new ArrayList<>();
        for (SimpleColumn c : target.shape().getColumnList()) {
            updated.add(set.getOrDefault(c.getName(), "t." + c.getName()) + " AS " + c.getName());
        }
        String matched = "(" + on + ") AND (" + when + ")";
        StringBuilder sql = new StringBuilder()
                .append("SELECT ").append(String.join(", ", updated))
                .append(" FROM `").append(name).append("` AS t JOIN merge_source AS s ON ").append(matched)
                .append(" UNION ALL SELECT t.* FROM `").append(name)
                .append("` AS t WHERE NOT EXISTS (SELECT 1 FROM merge_source AS s WHERE ").append(matched).append(")");
        if (m.group(6) != null) {
            requireSameColumns(name, target, temporary.get("merge_source"));
            sql.append(" UNION ALL SELECT s.* FROM merge_source AS s WHERE NOT EXISTS (SELECT 1 FROM `")
                    .append(name).append("` AS t WHERE ").append(on).append(")");
        }
        requireOneSourceRowPerTargetRow(name, on, params);
        replace(name, query(name, sql.toString(), params), target);
        temporary.remove("merge_source");
    }

    /** Splits a SET list at the commas outside parentheses and quotes. */
    static List<String> topLevelCommaSplit(String list) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                parts.add(list.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(list.substring(start));
        return parts;
    }

    /** BigQuery fails a MERGE where one target row matches several source rows; so does this runner. */
    private void requireOneSourceRowPerTargetRow(String name, String on, Map<String, Value> params) {
        Table counts = query("counts", "SELECT COUNT(*) AS n FROM `" + name + "` AS t JOIN merge_source AS s ON " + on
                + " GROUP BY TO_JSON_STRING(t) HAVING n > 1", params);
        if (!counts.rows().isEmpty()) {
            throw new IllegalStateException("MERGE into " + name + ": a target row matches more than one source row");
        }
    }

    private static void requireSameColumns(String name, Table target, Table source) {
        List<String> want = target.shape().getColumnList().stream().map(c -> c.getName() + " " + c.getType()).toList();
        List<String> got = source.shape().getColumnList().stream().map(c -> c.getName() + " " + c.getType()).toList();
        if (!want.equals(got)) {
            throw new IllegalStateException("rows for " + name + " must have its columns in order\n want " + want + "\n got  " + got);
        }
    }

    private void replace(String name, Table rows, Table target) {
        Table fresh = new Table(target.shape(), new ArrayList<>(rows.rows()));
        if (temporary.containsKey(name)) {
            temporary.put(name, fresh);
        } else {
            tables.put(name, fresh);
        }
    }

    private Table find(String name) {
        Table t = temporary.containsKey(name) ? temporary.get(name) : tables.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no table " + name);
        }
        return t;
    }

    private SimpleCatalog catalog(Map<String, TableContent> contents) {
        SimpleCatalog catalog = new SimpleCatalog("gma");
        catalog.addZetaSQLFunctionsAndTypes(new ZetaSQLBuiltinFunctionOptions(ZetaSqlEngine.languageOptions()));
        Map<String, Table> all = new LinkedHashMap<>(tables);
        all.putAll(temporary);
        for (Map.Entry<String, Table> t : all.entrySet()) {
            SimpleTable shape = new SimpleTable(t.getKey());
            t.getValue().shape().getColumnList().forEach(c -> shape.addSimpleColumn(c.getName(), c.getType()));
            catalog.addSimpleTable(shape);
            contents.put(t.getKey(), TableContent.create(t.getValue().rows()));
        }
        return catalog;
    }

    private AnalyzerOptions options() {
        AnalyzerOptions options = ZetaSqlEngine.analyzerOptions();
        options.addQueryParameter("window_start", TypeFactory.createSimpleType(TypeKind.TYPE_TIMESTAMP));
        declared.values().forEach(v -> options.addQueryParameter(v.name(), typeOf(v.type())));
        options.setPruneUnusedColumns(true); // scans list only the columns a statement reads, as BigQuery bills them
        return options;
    }

    /** The statement analysed as BigQuery would (types, names, DML rules); its resolved tree. */
    ResolvedStatement analyse(String sql) {
        return Analyzer.analyzeStatement(sql, options(), catalog(new LinkedHashMap<>()));
    }

    private Table query(String name, String sql, Map<String, Value> params) {
        Map<String, TableContent> contents = new LinkedHashMap<>();
        SimpleCatalog catalog = catalog(contents);
        try (PreparedQuery q = PreparedQuery.builder().setSql(sql).setAnalyzerOptions(options())
                .setCatalog(catalog).setTablesContents(contents).prepare()) {
            TableContent out = q.execute(params);
            SimpleTable shape = new SimpleTable(name);
            for (SimpleColumn c : q.getColumns()) {
                shape.addSimpleColumn(c.getName(), c.getType());
            }
            return new Table(shape, new ArrayList<>(out.getTableData()));
        }
    }

    private static Value timestamp(Instant i) {
        return Value.createTimestampValueFromUnixMicros(i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000);
    }

    static Type typeOf(String bigQueryType) {
        return ZetaSqlEngine.type(bigQueryType);
    }
}
