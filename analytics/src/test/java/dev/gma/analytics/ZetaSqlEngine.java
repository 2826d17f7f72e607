package dev.gma.analytics;

import com.google.zetasql.AnalyzerOptions;
import com.google.zetasql.LanguageOptions;
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
import dev.gma.schema.Column;
import dev.gma.schema.TableSchema;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ZetaSQL, BigQuery's reference implementation, run in-process: base tables typed from the schema
 * files and filled from testdata; each view is analysed and executed, and its result registered as a
 * table under the view's name so that views reading views run on real upstream results.
 */
final class ZetaSqlEngine {

    private record Materialized(SimpleTable table, TableContent content, Result result) {}

    private final Map<String, Materialized> tables = new LinkedHashMap<>();

    /** The base tables from the schema files with the given rows (String / Long / null values). */
    ZetaSqlEngine(Map<String, List<Map<String, Object>>> rows) {
        for (Map.Entry<String, List<Map<String, Object>>> t : rows.entrySet()) {
            TableSchema schema = TableSchema.load(t.getKey());
            SimpleTable table = new SimpleTable(t.getKey());
            for (Column c : schema.columns()) {
                table.addSimpleColumn(c.name(), type(c.type()));
            }
            List<List<Value>> data = new ArrayList<>();
            for (Map<String, Object> row : t.getValue()) {
                List<Value> values = new ArrayList<>();
                for (Column c : schema.columns()) {
                    values.add(value(type(c.type()), row.get(c.name())));
                }
                data.add(values);
            }
            tables.put(t.getKey(), new Materialized(table, TableContent.create(data), null));
        }
    }

    static LanguageOptions languageOptions() {
        LanguageOptions options = new LanguageOptions();
        options.enableMaximumLanguageFeatures();
        options.setSupportsAllStatementKinds();
        return options;
    }

    static AnalyzerOptions analyzerOptions() {
        AnalyzerOptions options = new AnalyzerOptions();
        options.setLanguageOptions(languageOptions());
        options.setDefaultTimezone("UTC"); // BigQuery's default; ZetaSQL's own is America/Los_Angeles
        return options;
    }

    interface TableVisitor {
        void visit(String name, SimpleTable shape, TableContent content);
    }

    /** Every table known so far: the base tables and the results registered by {@link #materialize}. */
    void forEachTable(TableVisitor visitor) {
        tables.forEach((name, m) -> visitor.visit(name, m.table(), m.content()));
    }

    /** Analyses and runs a query over the tables and the views materialised so far. */
    Result query(String sql) {
        return run(sql).result();
    }

    /** Runs a view's query and registers its result as a table the next views can read. */
    Result materialize(String name, String sql) {
        Materialized m = run(sql);
        SimpleTable table = new SimpleTable(name);
        for (SimpleColumn c : m.table().getColumnList()) {
            table.addSimpleColumn(c.getName(), c.getType());
        }
        tables.put(name, new Materialized(table, m.content(), m.result()));
        return m.result();
    }

    private Materialized run(String sql) {
        SimpleCatalog catalog = new SimpleCatalog("gma");
        catalog.addZetaSQLFunctionsAndTypes(new ZetaSQLBuiltinFunctionOptions(languageOptions()));
        Map<String, TableContent> contents = new LinkedHashMap<>();
        for (Map.Entry<String, Materialized> t : tables.entrySet()) {
            catalog.addSimpleTable(t.getValue().table());
            contents.put(t.getKey(), t.getValue().content());
        }
        try (PreparedQuery query = PreparedQuery.builder()
                .setSql(sql)
                .setAnalyzerOptions(analyzerOptions())
                .setCatalog(catalog)
                .setTablesContents(contents)
                .prepare()) {
            TableContent out = query.execute(Map.of());
            SimpleTable shape = new SimpleTable("result");
            List<String> names = new ArrayList<>();
            List<String> types = new ArrayList<>();
            for (SimpleColumn c : query.getColumns()) {
                shape.addSimpleColumn(c.getName(), c.getType());
                names.add(c.getName());
                types.add(c.getType().getKind().name().replaceFirst("^TYPE_", ""));
            }
            List<List<String>> rows = new ArrayList<>();
            for (List<Value> row : out.getTableData()) {
                rows.add(row.stream().map(ZetaSqlEngine::canonical).toList());
            }
            return new Materialized(shape, out, new Result(names, types, rows));
        }
    }

    static Type type(String bigQueryType) {
        return TypeFactory.createSimpleType(switch (bigQueryType) {
            case "STRING" -> TypeKind.TYPE_STRING;
            case "INTEGER", "INT64" -> TypeKind.TYPE_INT64;
            case "TIMESTAMP" -> TypeKind.TYPE_TIMESTAMP;
            case "BOOLEAN", "BOOL" -> TypeKind.TYPE_BOOL;
            case "FLOAT", "FLOAT64", "DOUBLE" -> TypeKind.TYPE_DOUBLE;
            case "DATE" -> TypeKind.TYPE_DATE;
            default -> throw new IllegalArgumentException("no ZetaSQL type for BigQuery type " + bigQueryType);
        });
    }

    static Value value(Type type, Object v) {
        if (v == null) {
            return Value.createNullValue(type);
        }
        return switch (type.getKind()) {
            case TYPE_STRING -> Value.createStringValue((String) v);
            case TYPE_INT64 -> Value.createInt64Value((Long) v);
            case TYPE_TIMESTAMP -> {
                Instant i = Instant.parse((String) v);
                yield Value.createTimestampValueFromUnixMicros(i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000);
            }
            default -> throw new IllegalArgumentException("unexpected column type " + type);
        };
    }

    static String canonical(Value v) {
        if (v.isNull()) {
            return Result.NULL;
        }
        return switch (v.getType().getKind()) {
            case TYPE_STRING -> Result.text(v.getStringValue());
            case TYPE_INT64 -> Long.toString(v.getInt64Value());
            case TYPE_BOOL -> Boolean.toString(v.getBoolValue());
            case TYPE_DOUBLE -> Result.decimal(v.getDoubleValue());
            case TYPE_DATE -> LocalDate.ofEpochDay(v.getDateValue()).toString();
            case TYPE_TIMESTAMP -> {
                long micros = v.getTimestampUnixMicros();
                yield Result.timestamp(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L));
            }
            default -> throw new IllegalArgumentException("views must return scalar columns, got " + v.getType());
        };
    }
}
