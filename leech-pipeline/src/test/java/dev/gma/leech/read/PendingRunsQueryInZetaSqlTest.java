package dev.gma.leech.read;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.zetasql.AnalyzerOptions;
import com.google.zetasql.LanguageOptions;
import com.google.zetasql.PreparedQuery;
import com.google.zetasql.SimpleCatalog;
import com.google.zetasql.SimpleTable;
import com.google.zetasql.TableContent;
import com.google.zetasql.Type;
import com.google.zetasql.TypeFactory;
import com.google.zetasql.Value;
import com.google.zetasql.ZetaSQLBuiltinFunctionOptions;
import com.google.zetasql.ZetaSQLType.TypeKind;
import dev.gma.leech.model.PendingEvent;
import dev.gma.leech.options.LeechConfig.BigQueryTables;
import dev.gma.schema.Column;
import dev.gma.schema.TableSchema;
import dev.gma.store.sqlite.SqliteDatabase;
import dev.gma.store.sqlite.SqliteRows;
import dev.gma.testing.Testdata;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pending-runs query exactly as the BigQuery client sends it (SQL and named parameters,
 * captured by WireMock) analysed and executed by ZetaSQL, BigQuery's reference implementation,
 * over testdata/leech/pending-runs-store.json; the SQLite read over the same rows must give the
 * same runs, in the same order, under the same batch limit and retry rule.
 */
class PendingRunsQueryInZetaSqlTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUERIES = "/bigquery/v2/projects/my-project/queries";
    private static final BigQueryTables TABLES = new BigQueryTables("my-project", "github", "events", "leech_status");
    private static final Instant SINCE = Instant.parse("2026-09-01T00:00:00Z");

    @TempDir Path dataDir;
    private final WireMockServer bigQuery = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private final Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
    private SqlitePendingRuns sqlite;

    @BeforeEach
    void load() throws Exception {
        bigQuery.start();
        // The answer does not matter here: the request is what is executed.
        bigQuery.stubFor(post(urlPathEqualTo(QUERIES)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(Testdata.bytes("leech/bigquery-pending-runs.json"))));
        JsonNode store = JSON.readTree(Testdata.bytes("leech/pending-runs-store.json"));
        SqliteDatabase db = SqliteDatabase.openInDataDir(dataDir);
        try (Connection c = db.connect()) {
            for (String table : List.of("events", "leech_status")) {
                TableSchema schema = TableSchema.load(table);
                for (JsonNode json : store.get(table)) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> field = it.next();
                        row.put(field.getKey(), javaValue(column(schema, field.getKey()).type(), field.getValue()));
                    }
                    rows.computeIfAbsent(table, t -> new ArrayList<>()).add(row);
                    SqliteRows.insert(c, table, row);
                }
            }
        }
        sqlite = new SqlitePendingRuns(dataDir);
    }

    @AfterEach
    void stop() {
        bigQuery.stop();
    }

    @Test
    void bothReadTheRunsWaitingInTheWindowOldestFirstWithTheirAttempt() throws Exception {
        List<PendingEvent> bigQueryRuns = bigQueryRead(100, 3);

        // By hand from the fixture: completed workflow_run deliveries received on or after
        // 2026-09-01 (d-too-old is 1 µs before; d-straddling counts from its copy of 2026-11-22),
        // none with SUCCESS or NOT_FOUND, fewer than 3 FAILURE rows (d-given-up has 3), ordered by
        // the oldest copy in the window; attempt = 1 + FAILURE rows.
        assertThat(bigQueryRuns).containsExactly(
                new PendingEvent("d-on-the-bound", "{\"workflow_run\":{\"id\":11}}", null, 1),
                new PendingEvent("d-failed-twice", "{\"workflow_run\":{\"id\":7}}", null, 3),
                new PendingEvent("d-straddling", "{\"workflow_run\":{\"id\":12}}", null, 1),
                new PendingEvent("d-claim-check", null, "gs://payloads/payloads/d-claim-check.json", 1),
                new PendingEvent("d-twice", "{\"workflow_run\":{\"id\":2}}", null, 1),
                new PendingEvent("d-new", "{\"workflow_run\":{\"id\":1}}", null, 1));
        assertThat(sqlite.read(100, 3, SINCE)).isEqualTo(bigQueryRuns);
    }

    @Test
    void theBatchLimitKeepsTheOldestInBoth() throws Exception {
        List<PendingEvent> bigQueryRuns = bigQueryRead(3, 3);

        assertThat(bigQueryRuns).extracting(PendingEvent::deliveryId)
                .containsExactly("d-on-the-bound", "d-failed-twice", "d-straddling");
        assertThat(sqlite.read(3, 3, SINCE)).isEqualTo(bigQueryRuns);
    }

    @Test
    void aRunThatFailedMaxAttemptsTimesIsLeftAloneByBoth() throws Exception {
        List<PendingEvent> bigQueryRuns = bigQueryRead(100, 2);

        assertThat(bigQueryRuns).extracting(PendingEvent::deliveryId)
                .containsExactly("d-on-the-bound", "d-straddling", "d-claim-check", "d-twice", "d-new");
        assertThat(sqlite.read(100, 2, SINCE)).isEqualTo(bigQueryRuns);
    }

    /** Sends the query through the real client, then runs what it sent in ZetaSQL. */
    private List<PendingEvent> bigQueryRead(int batchSize, int maxAttempts) throws Exception {
        bigQuery.resetRequests();
        new BigQueryPendingRuns(TABLES, bigQuery.baseUrl()).read(batchSize, maxAttempts, SINCE);
        JsonNode request = JSON.readTree(bigQuery.findAll(postRequestedFor(urlPathEqualTo(QUERIES))).get(0).getBodyAsString());
        List<PendingEvent> runs = new ArrayList<>();
        for (List<Value> row : zetaSql(request)) {
            runs.add(new PendingEvent(row.get(0).getStringValue(), text(row.get(1)), text(row.get(2)),
                    (int) row.get(3).getInt64Value()));
        }
        return runs;
    }

    private List<? extends List<Value>> zetaSql(JsonNode request) {
        LanguageOptions language = new LanguageOptions();
        language.enableMaximumLanguageFeatures();
        AnalyzerOptions analyzer = new AnalyzerOptions();
        analyzer.setLanguageOptions(language);
        analyzer.setDefaultTimezone("UTC");
        Map<String, Value> parameters = new HashMap<>();
        for (JsonNode p : request.get("queryParameters")) {
            Value value = parameter(p);
            analyzer.addQueryParameter(p.get("name").asText(), value.getType());
            parameters.put(p.get("name").asText(), value);
        }
        SimpleCatalog catalog = new SimpleCatalog("bigquery");
        catalog.addZetaSQLFunctionsAndTypes(new ZetaSQLBuiltinFunctionOptions(language));
        Map<String, TableContent> contents = new HashMap<>();
        for (String name : List.of("events", "leech_status")) {
            TableSchema schema = TableSchema.load(name);
            SimpleTable table = new SimpleTable("my-project.github." + name);
            for (Column c : schema.columns()) {
                table.addSimpleColumn(c.name(), type(c.type()));
            }
            List<List<Value>> data = new ArrayList<>();
            for (Map<String, Object> row : rows.getOrDefault(name, List.of())) {
                data.add(schema.columns().stream().map(c -> zetaValue(type(c.type()), row.get(c.name()))).toList());
            }
            catalog.addSimpleTable(table);
            contents.put(table.getName(), TableContent.create(data));
        }
        try (PreparedQuery query = PreparedQuery.builder().setSql(request.get("query").asText())
                .setAnalyzerOptions(analyzer).setCatalog(catalog).setTablesContents(contents).prepare()) {
            return new ArrayList<>(query.execute(parameters).getTableData());
        }
    }

    private static Value parameter(JsonNode p) {
        String type = p.at("/parameterType/type").asText();
        String value = p.at("/parameterValue/value").asText();
        return switch (type) {
            case "INT64", "INTEGER" -> Value.createInt64Value(Long.parseLong(value));
            case "STRING" -> Value.createStringValue(value);
            // the client sends e.g. "2026-09-01 00:00:00.000000+00:00"
            case "TIMESTAMP" -> zetaValue(type(type), OffsetDateTime.parse(value.replace(' ', 'T')).toInstant());
            default -> throw new IllegalArgumentException("unexpected parameter type " + type);
        };
    }

    private static Column column(TableSchema schema, String name) {
        return schema.columns().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(schema.table() + " has no column " + name));
    }

    private static Object javaValue(String bigQueryType, JsonNode v) {
        if (v.isNull()) {
            return null;
        }
        return switch (bigQueryType) {
            case "TIMESTAMP" -> Instant.parse(v.asText());
            case "INTEGER", "INT64" -> v.asLong();
            default -> v.asText();
        };
    }

    private static Type type(String bigQueryType) {
        return TypeFactory.createSimpleType(switch (bigQueryType) {
            case "STRING" -> TypeKind.TYPE_STRING;
            case "INTEGER", "INT64" -> TypeKind.TYPE_INT64;
            case "TIMESTAMP" -> TypeKind.TYPE_TIMESTAMP;
            default -> throw new IllegalArgumentException("no ZetaSQL type for " + bigQueryType);
        });
    }

    private static Value zetaValue(Type type, Object v) {
        if (v == null) {
            return Value.createNullValue(type);
        }
        return switch (type.getKind()) {
            case TYPE_STRING -> Value.createStringValue(v.toString());
            case TYPE_INT64 -> Value.createInt64Value(((Number) v).longValue());
            case TYPE_TIMESTAMP -> {
                Instant i = (Instant) v;
                yield Value.createTimestampValueFromUnixMicros(i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000);
            }
            default -> throw new IllegalArgumentException("unexpected column type " + type);
        };
    }

    private static String text(Value v) {
        return v.isNull() ? null : v.getStringValue();
    }
}
