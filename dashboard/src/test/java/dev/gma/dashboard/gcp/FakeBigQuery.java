package dev.gma.dashboard.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
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
import dev.gma.store.sqlite.SqliteDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake of BigQuery's {@code jobs.query} for WireMock that executes the request for real: the SQL
 * text and the named parameters the adapter sent run in ZetaSQL (BigQuery's reference implementation
 * of its dialect) over the derived tables, whose rows are those of the SQLite views of a loaded local
 * store, typed by the BigQuery schemas ({@code terraform/analytics/schemas}, {@code terraform/dashboard}).
 * The answer is encoded as BigQuery encodes it (INT64 and TIMESTAMP as text, BOOL as "true"/"false").
 * So the BigQuery adapter's SQL files, parameters and row mapping run the same contract cases as the
 * SQLite adapter.
 */
final class FakeBigQuery implements ResponseDefinitionTransformerV2 {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String dataset;
    private final Map<String, List<String[]>> schemas = new LinkedHashMap<>();
    private final Map<String, List<List<Value>>> contents = new LinkedHashMap<>();

    /**
     * @param dataset {@code project.dataset} the adapter queries
     * @param terraform the module's folder (schemas)
     * @param teams rows of the teams table: team, repository_full_name
     */
    FakeBigQuery(String dataset, Path terraform, SqliteDatabase store, List<String[]> teams, List<String> tables) {
        this.dataset = dataset;
        for (String table : tables) {
            List<String[]> columns = columns(terraform.resolve("analytics/schemas/" + table + ".json"));
            schemas.put(table, columns);
            contents.put(table, rows(store, table, columns));
        }
        schemas.put("teams", columns(terraform.resolve("dashboard/teams.json")));
        List<List<Value>> teamRows = new ArrayList<>();
        teams.forEach(t -> teamRows.add(List.of(Value.createStringValue(t[0]), Value.createStringValue(t[1]))));
        contents.put("teams", teamRows);
    }

    @Override
    public String getName() {
        return "fake-bigquery-zetasql";
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        try {
            JsonNode request = JSON.readTree(serveEvent.getRequest().getBodyAsString());
            return respond(200, run(request));
        } catch (RuntimeException | IOException e) {
            ObjectNode body = JSON.createObjectNode();
            ObjectNode err = body.putObject("error");
            err.put("code", 400).put("message", String.valueOf(e.getMessage()));
            err.putArray("errors").addObject().put("reason", "invalidQuery").put("message", String.valueOf(e.getMessage()));
            return respond(400, body);
        }
    }

    private ObjectNode run(JsonNode request) {
        LanguageOptions language = new LanguageOptions();
        language.enableMaximumLanguageFeatures();
        AnalyzerOptions analyzer = new AnalyzerOptions();
        analyzer.setLanguageOptions(language);
        analyzer.setDefaultTimezone("UTC");
        Map<String, Value> parameters = new HashMap<>();
        for (JsonNode p : request.path("queryParameters")) {
            Value value = parameter(p);
            analyzer.addQueryParameter(p.path("name").asText(), value.getType());
            parameters.put(p.path("name").asText(), value);
        }
        SimpleCatalog catalog = new SimpleCatalog("bigquery");
        catalog.addZetaSQLFunctionsAndTypes(new ZetaSQLBuiltinFunctionOptions(language));
        Map<String, TableContent> tables = new HashMap<>();
        schemas.forEach((name, columns) -> {
            SimpleTable table = new SimpleTable(dataset + "." + name);
            columns.forEach(c -> table.addSimpleColumn(c[0], type(c[1])));
            catalog.addSimpleTable(table);
            tables.put(table.getName(), TableContent.create(contents.get(name)));
        });
        try (PreparedQuery query = PreparedQuery.builder().setSql(request.path("query").asText()).setAnalyzerOptions(analyzer)
                .setCatalog(catalog).setTablesContents(tables).prepare()) {
            List<SimpleColumn> columns = query.getColumns();
            return response(request, columns, query.execute(parameters).getTableData());
        }
    }

    private static ObjectNode response(JsonNode request, List<SimpleColumn> columns, List<? extends List<Value>> rows) {
        boolean int64Timestamps = request.at("/formatOptions/useInt64Timestamp").asBoolean(false);
        ObjectNode body = JSON.createObjectNode();
        body.put("kind", "bigquery#queryResponse");
        ArrayNode fields = body.putObject("schema").putArray("fields");
        for (SimpleColumn c : columns) {
            fields.addObject().put("name", c.getName()).put("type", bigQueryType(c.getType())).put("mode", "NULLABLE");
        }
        body.putObject("jobReference").put("projectId", "p").put("jobId", "job_zetasql").put("location", "US");
        body.put("totalRows", String.valueOf(rows.size()));
        ArrayNode out = body.putArray("rows");
        for (List<Value> row : rows) {
            ArrayNode f = out.addObject().putArray("f");
            for (Value v : row) {
                ObjectNode cell = f.addObject();
                if (v.isNull()) {
                    cell.putNull("v");
                } else {
                    cell.put("v", encode(v, int64Timestamps));
                }
            }
        }
        body.put("totalBytesProcessed", "0");
        body.put("jobComplete", true);
        body.put("cacheHit", false);
        return body;
    }

    private static String encode(Value v, boolean int64Timestamps) {
        return switch (v.getType().getKind()) {
            case TYPE_STRING -> v.getStringValue();
            case TYPE_INT64 -> String.valueOf(v.getInt64Value());
            case TYPE_DOUBLE -> String.valueOf(v.getDoubleValue());
            case TYPE_BOOL -> String.valueOf(v.getBoolValue());
            case TYPE_DATE -> v.getLocalDateValue().toString();
            case TYPE_TIMESTAMP -> int64Timestamps ? String.valueOf(v.getTimestampUnixMicros())
                    : String.valueOf(v.getTimestampUnixMicros() / 1_000_000.0);
            default -> throw new IllegalArgumentException("unexpected result type " + v.getType());
        };
    }

    private static String bigQueryType(Type type) {
        return switch (type.getKind()) {
            case TYPE_STRING -> "STRING";
            case TYPE_INT64 -> "INTEGER";
            case TYPE_DOUBLE -> "FLOAT";
            case TYPE_BOOL -> "BOOLEAN";
            case TYPE_DATE -> "DATE";
            case TYPE_TIMESTAMP -> "TIMESTAMP";
            default -> throw new IllegalArgumentException("unexpected result type " + type);
        };
    }

    private static Value parameter(JsonNode p) {
        String type = p.at("/parameterType/type").asText();
        if (type.equals("ARRAY")) {
            Type element = type(p.at("/parameterType/arrayType/type").asText());
            List<Value> values = new ArrayList<>();
            p.at("/parameterValue/arrayValues").forEach(v -> values.add(value(element, v.path("value").asText())));
            return Value.createArrayValue(TypeFactory.createArrayType(element), values);
        }
        JsonNode value = p.at("/parameterValue/value");
        if (value.isMissingNode() || value.isNull()) {
            return Value.createNullValue(type(type));
        }
        String text = value.asText();
        return switch (type) {
            // the client sends e.g. "2026-11-16 00:00:00+00:00"
            case "TIMESTAMP" -> value(type(type), OffsetDateTime.parse(text.replace(' ', 'T')).toInstant().toString());
            default -> value(type(type), text);
        };
    }

    private static Type type(String bigQueryType) {
        return TypeFactory.createSimpleType(switch (bigQueryType) {
            case "STRING" -> TypeKind.TYPE_STRING;
            case "INTEGER", "INT64" -> TypeKind.TYPE_INT64;
            case "TIMESTAMP" -> TypeKind.TYPE_TIMESTAMP;
            case "BOOLEAN", "BOOL" -> TypeKind.TYPE_BOOL;
            case "FLOAT", "FLOAT64" -> TypeKind.TYPE_DOUBLE;
            case "DATE" -> TypeKind.TYPE_DATE;
            default -> throw new IllegalArgumentException("no ZetaSQL type for " + bigQueryType);
        });
    }

    /** A value from its text (SQLite's and the request's): ISO timestamps, days, 0/1 or true/false. */
    private static Value value(Type type, Object v) {
        if (v == null) {
            return Value.createNullValue(type);
        }
        String text = v.toString();
        return switch (type.getKind()) {
            case TYPE_STRING -> Value.createStringValue(text);
            case TYPE_INT64 -> Value.createInt64Value(v instanceof Number n ? n.longValue() : Long.parseLong(text));
            case TYPE_DOUBLE -> Value.createDoubleValue(v instanceof Number n ? n.doubleValue() : Double.parseDouble(text));
            case TYPE_BOOL -> Value.createBoolValue(v instanceof Number n ? n.longValue() != 0 : Boolean.parseBoolean(text));
            case TYPE_DATE -> Value.createDateValue(LocalDate.parse(text.substring(0, 10)));
            case TYPE_TIMESTAMP -> {
                Instant i = Instant.parse(text);
                yield Value.createTimestampValueFromUnixMicros(i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000);
            }
            default -> throw new IllegalArgumentException("unexpected column type " + type);
        };
    }

    private static List<String[]> columns(Path schema) {
        try {
            List<String[]> out = new ArrayList<>();
            JSON.readTree(schema.toFile()).forEach(c -> out.add(new String[] {c.path("name").asText(), c.path("type").asText()}));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every row of the SQLite view of the same name, typed by the BigQuery schema. */
    private static List<List<Value>> rows(SqliteDatabase store, String table, List<String[]> columns) {
        List<List<Value>> out = new ArrayList<>();
        try (Connection c = store.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
            java.util.Set<String> present = new java.util.HashSet<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                present.add(rs.getMetaData().getColumnLabel(i));
            }
            while (rs.next()) {
                List<Value> row = new ArrayList<>();
                for (String[] column : columns) {
                    row.add(value(type(column[1]), present.contains(column[0]) ? rs.getObject(column[0]) : null));
                }
                out.add(row);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + table + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static ResponseDefinition respond(int status, ObjectNode body) {
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(body.toString()).build();
    }
}
