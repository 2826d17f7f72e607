package dev.gma.retry.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.TableId;
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
import dev.gma.retry.domain.Checkpoint;
import dev.gma.retry.domain.GuidState;
import dev.gma.retry.local.SqliteRetryStore;
import dev.gma.schema.Column;
import dev.gma.schema.TableSchema;
import dev.gma.store.sqlite.SqliteDatabase;
import dev.gma.store.sqlite.SqliteRows;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exact SQL and parameters the BigQuery adapter sends (captured from the real client by
 * WireMock) executed by ZetaSQL, BigQuery's reference implementation, over the same rows the
 * SQLite adapter reads: both adapters must give the same answers.
 */
class BigQueryQueriesInZetaSqlTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUERIES = "/bigquery/v2/projects/p/queries";
    private static final String URL = "https://api.github.com";
    private static final Instant T = Instant.parse("2026-11-22T10:00:00.123456Z");

    @TempDir Path dataDir;
    private final WireMockServer bq = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    private final Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
    private BigQueryRetryStore bigQueryStore;
    private SqliteRetryStore sqliteStore;

    @BeforeEach
    void start() throws Exception {
        bq.start();
        bigQueryStore = new BigQueryRetryStore(BigQueryOptions.newBuilder().setHost(bq.baseUrl()).setProjectId("p")
                .setCredentials(NoCredentials.getInstance()).build().getService(), TableId.of("p", "ds", "checkpoint"),
                TableId.of("p", "ds", "redeliveries"), TableId.of("p", "ds", "events"));
        SqliteDatabase db = SqliteDatabase.openInDataDir(dataDir);
        sqliteStore = new SqliteRetryStore(db);
        add("events", Map.of("delivery_id", "g-C", "received", T, "event", "issues"));
        add("events", Map.of("delivery_id", "g-C", "received", T.plusSeconds(60), "event", "issues")); // a duplicate
        add("events", Map.of("delivery_id", "g-X", "received", T, "event", "issues"));
        add("events", Map.of("delivery_id", "g-OLD", "received", T.minus(Duration.ofDays(8)), "event", "issues"));
        for (long id = 1; id <= 5; id++) {
            add("redeliveries", redelivery("g-E", id));
        }
        add("redeliveries", redelivery("g-A", 10));
        add("redeliveries", redelivery("g-A", 26));
        add("redeliveries", redelivery("g-C", 28));
        add("checkpoint", Map.of("delivery_id", "9", "created", T.plusSeconds(300), "github_instance_url", URL));
        add("checkpoint", Map.of("delivery_id", "30", "created", T, "github_instance_url", URL));
        add("checkpoint", Map.of("delivery_id", "100", "created", T, "github_instance_url", "https://ghe.example.com/api/v3"));
        try (Connection c = db.connect()) {
            for (Map.Entry<String, List<Map<String, Object>>> table : rows.entrySet()) {
                for (Map<String, Object> row : table.getValue()) {
                    SqliteRows.insert(c, table.getKey(), row);
                }
            }
        }
    }

    @AfterEach
    void stop() {
        bq.stop();
    }

    @Test
    void theLookupGivesWhatTheSqliteAdapterGives() throws Exception {
        bq.stubFor(post(urlPathEqualTo(QUERIES)).willReturn(okJson(GcpFixtures.read("bigquery-lookup.json"))));
        Set<String> guids = new LinkedHashSet<>(List.of("g-A", "g-C", "g-E", "g-Z"));
        Instant since = T.minus(Duration.ofDays(7));
        Map<String, GuidState> bigQuery = bigQueryLookup(guids, since);

        assertThat(bigQuery).isEqualTo(Map.of("g-A", new GuidState(false, 2, 26), "g-C", new GuidState(true, 1, 28),
                "g-E", new GuidState(false, 5, 5)));
        assertThat(sqliteStore.lookup(guids, since)).isEqualTo(bigQuery);
    }

    @Test
    void onlyEventsReceivedSinceTheBoundCountAsStoredInBoth() throws Exception {
        bq.stubFor(post(urlPathEqualTo(QUERIES)).willReturn(okJson(GcpFixtures.read("bigquery-lookup.json"))));
        Set<String> guids = new LinkedHashSet<>(List.of("g-C", "g-X", "g-OLD"));
        // g-OLD was stored 8 days before T: outside a 7-day margin. g-C has copies at T and T+60 s:
        // a bound between them still finds the later copy. g-X (at T only) is cut off.
        Instant since = T.plusSeconds(30);

        Map<String, GuidState> bigQuery = bigQueryLookup(guids, since);

        assertThat(bigQuery).isEqualTo(Map.of("g-C", new GuidState(true, 1, 28)));
        assertThat(sqliteStore.lookup(guids, since)).isEqualTo(bigQuery);
        assertThat(sqliteStore.lookup(guids, T.minus(Duration.ofDays(9)))).containsEntry("g-OLD", new GuidState(true, 0, 0))
                .containsEntry("g-X", new GuidState(true, 0, 0));
    }

    /** The BigQuery adapter's look-up as it sends it, run in ZetaSQL. */
    private Map<String, GuidState> bigQueryLookup(Set<String> guids, Instant since) throws Exception {
        bq.resetRequests();
        bigQueryStore.lookup(guids, since);
        Map<String, GuidState> states = new HashMap<>();
        for (List<Value> row : zetaSql(sentQuery())) {
            states.put(row.get(0).getStringValue(), new GuidState(row.get(1).getBoolValue(),
                    (int) row.get(2).getInt64Value(), row.get(3).getInt64Value()));
        }
        return states;
    }

    @Test
    void theCheckpointIsTheNumericallyNewestOfTheInstanceAsInSqlite() throws Exception {
        bq.stubFor(post(urlPathEqualTo(QUERIES)).willReturn(okJson(GcpFixtures.read("bigquery-checkpoint-none.json"))));
        bigQueryStore.latest(URL);

        List<? extends List<Value>> result = zetaSql(sentQuery());

        assertThat(result).hasSize(1);
        Checkpoint checkpoint = new Checkpoint(Long.parseLong(result.get(0).get(0).getStringValue()),
                Instant.EPOCH.plus(result.get(0).get(1).getInt64Value(), java.time.temporal.ChronoUnit.MICROS), URL);
        assertThat(checkpoint).isEqualTo(new Checkpoint(30, T, URL));
        assertThat(sqliteStore.latest(URL)).contains(checkpoint);
    }

    private void add(String table, Map<String, Object> row) {
        rows.computeIfAbsent(table, t -> new ArrayList<>()).add(row);
    }

    private static Map<String, Object> redelivery(String guid, long deliveryId) {
        return Map.of("guid", guid, "delivery_id", deliveryId, "attempted_at", T, "status_code", 202L, "outcome", "REQUESTED");
    }

    private JsonNode sentQuery() throws Exception {
        return JSON.readTree(bq.findAll(postRequestedFor(urlPathEqualTo(QUERIES))).get(0).getBodyAsString());
    }

    /** Runs the request's query and named parameters over {@link #rows}, tables named as the adapter names them. */
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
        for (String name : List.of("events", "redeliveries", "checkpoint")) {
            TableSchema schema = TableSchema.load(name);
            SimpleTable table = new SimpleTable("p.ds." + name);
            List<List<Value>> data = new ArrayList<>();
            for (Column c : schema.columns()) {
                table.addSimpleColumn(c.name(), type(c.type()));
            }
            for (Map<String, Object> row : rows.getOrDefault(name, List.of())) {
                data.add(schema.columns().stream().map(c -> value(type(c.type()), row.get(c.name()))).toList());
            }
            catalog.addSimpleTable(table);
            contents.put(table.getName(), TableContent.create(data));
        }
        try (PreparedQuery query = PreparedQuery.builder().setSql(request.get("query").asText()).setAnalyzerOptions(analyzer)
                .setCatalog(catalog).setTablesContents(contents).prepare()) {
            return new ArrayList<>(query.execute(parameters).getTableData());
        }
    }

    private static Value parameter(JsonNode p) {
        String type = p.at("/parameterType/type").asText();
        if (type.equals("ARRAY")) {
            Type element = type(p.at("/parameterType/arrayType/type").asText());
            List<Value> values = new ArrayList<>();
            p.at("/parameterValue/arrayValues").forEach(v -> values.add(value(element, v.get("value").asText())));
            return Value.createArrayValue(TypeFactory.createArrayType(element), values);
        }
        String text = p.at("/parameterValue/value").asText();
        return switch (type) {
            case "INT64", "INTEGER" -> Value.createInt64Value(Long.parseLong(text));
            // the client sends e.g. "2026-11-15 10:00:00.123456+00:00"
            case "TIMESTAMP" -> value(type(type), java.time.OffsetDateTime.parse(text.replace(' ', 'T')).toInstant());
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
            default -> throw new IllegalArgumentException("no ZetaSQL type for " + bigQueryType);
        });
    }

    private static Value value(Type type, Object v) {
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
}
