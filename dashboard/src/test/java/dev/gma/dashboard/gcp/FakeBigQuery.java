package dev.gma.dashboard.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.gma.dashboard.local.SqliteDashboardStore;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake of BigQuery's {@code jobs.query} for WireMock, backed by the SQLite store: it recognises which
 * query file was sent (by its exact text), decodes the named parameters from the request body back to
 * domain values, answers with the SQLite twin's rows for them, typed and encoded as BigQuery encodes
 * them (INT64 and TIMESTAMP as text, BOOL as "true"/"false"). So the BigQuery adapter runs the same
 * contract cases as the SQLite adapter: a parameter it forgets, mistypes or names wrongly changes the
 * answer. (It does not execute the BigQuery SQL: that dialect is checked by the tests of the request.)
 */
final class FakeBigQuery implements ResponseDefinitionTransformerV2 {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqliteDashboardStore twin;
    private final Map<String, String> queries;

    /** @param queries the exact SQL text of each query file, by name */
    FakeBigQuery(SqliteDashboardStore twin, Map<String, String> queries) {
        this.twin = twin;
        this.queries = queries;
    }

    @Override
    public String getName() {
        return "fake-bigquery";
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        try {
            JsonNode request = JSON.readTree(serveEvent.getRequest().getBodyAsString());
            String sql = request.path("query").asText();
            String name = queries.entrySet().stream().filter(e -> e.getValue().equals(sql)).map(Map.Entry::getKey)
                    .findFirst().orElse(null);
            if (name == null) {
                return error(400, "invalidQuery", "the fake knows no query with this text");
            }
            if (name.equals("teams")) {
                return ok(teamsResponse(request));
            }
            Map<String, Object> parameters = new LinkedHashMap<>();
            for (JsonNode p : request.path("queryParameters")) {
                String type = p.at("/parameterType/type").asText();
                JsonNode value = p.path("parameterValue");
                switch (type) {
                    case "DATE" -> parameters.put(p.path("name").asText(), LocalDate.parse(value.path("value").asText()));
                    case "BOOL" -> parameters.put(p.path("name").asText(), value.path("value").asBoolean());
                    case "STRING" -> parameters.put(p.path("name").asText(), value.path("value").isMissingNode()
                            || value.path("value").isNull() ? null : value.path("value").asText());
                    case "ARRAY" -> {
                        List<String> items = new ArrayList<>();
                        value.path("arrayValues").forEach(v -> items.add(v.path("value").asText()));
                        parameters.put(p.path("name").asText(), items);
                    }
                    case "TIMESTAMP" -> { // the SQLite twin bounds timestamps by day texts
                        LocalDate day = LocalDate.parse(value.path("value").asText().substring(0, 10));
                        parameters.put(p.path("name").asText().equals("from_ts") ? "from_day" : "to_day_exclusive", day);
                    }
                    default -> {
                        return error(400, "invalidQuery", "unexpected parameter type " + type);
                    }
                }
            }
            return ok(response(request, twin.rows(name, parameters)));
        } catch (RuntimeException | java.io.IOException e) {
            return error(400, "invalidQuery", String.valueOf(e.getMessage()));
        }
    }

    private ObjectNode teamsResponse(JsonNode request) {
        List<Map<String, Object>> rows = new ArrayList<>();
        twin.teams().forEach((team, repos) -> repos.forEach(r -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("team", team);
            row.put("repository_full_name", r);
            rows.add(row);
        }));
        return response(request, rows);
    }

    private static ObjectNode response(JsonNode request, List<Map<String, Object>> rows) {
        boolean int64Timestamps = request.at("/formatOptions/useInt64Timestamp").asBoolean(false);
        ObjectNode body = JSON.createObjectNode();
        body.put("kind", "bigquery#queryResponse");
        ArrayNode fields = body.putObject("schema").putArray("fields");
        List<String> columns = rows.isEmpty() ? List.of("x") : new ArrayList<>(rows.get(0).keySet());
        List<String> types = new ArrayList<>();
        for (String c : columns) {
            String type = type(c, rows);
            types.add(type);
            fields.addObject().put("name", c).put("type", type).put("mode", "NULLABLE");
        }
        ObjectNode job = body.putObject("jobReference");
        job.put("projectId", "p").put("jobId", "job_fake").put("location", "US");
        body.put("totalRows", String.valueOf(rows.size()));
        ArrayNode out = body.putArray("rows");
        for (Map<String, Object> row : rows) {
            ArrayNode f = out.addObject().putArray("f");
            for (int i = 0; i < columns.size(); i++) {
                Object v = row.get(columns.get(i));
                ObjectNode cell = f.addObject();
                if (v == null) {
                    cell.putNull("v");
                } else {
                    cell.put("v", encode(types.get(i), v, int64Timestamps));
                }
            }
        }
        body.put("totalBytesProcessed", "0");
        body.put("jobComplete", true);
        body.put("cacheHit", false);
        return body;
    }

    /** The BigQuery type of a column of the derived tables, from its name (the schemas' conventions). */
    private static String type(String column, List<Map<String, Object>> rows) {
        if (column.endsWith("_at")) {
            return "TIMESTAMP";
        }
        if (column.equals("day") || column.equals("latest_day")) {
            return "DATE";
        }
        if (column.equals("merged") || column.startsWith("is_")) {
            return "BOOLEAN";
        }
        Object sample = rows.stream().map(r -> r.get(column)).filter(v -> v != null).findFirst().orElse(null);
        if (sample instanceof Double || sample instanceof Float) {
            return "FLOAT";
        }
        if (sample instanceof Number) {
            return "INTEGER";
        }
        return "STRING";
    }

    private static String encode(String type, Object v, boolean int64Timestamps) {
        return switch (type) {
            case "TIMESTAMP" -> {
                Instant t = Instant.parse(v.toString());
                long micros = t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
                yield int64Timestamps ? String.valueOf(micros) : String.format("%.6f", micros / 1_000_000.0).replaceAll("0+$", "0");
            }
            case "BOOLEAN" -> ((Number) v).longValue() != 0 ? "true" : "false";
            case "DATE" -> v.toString().substring(0, 10);
            default -> v.toString();
        };
    }

    private static ResponseDefinition ok(ObjectNode body) {
        return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(body.toString()).build();
    }

    private static ResponseDefinition error(int status, String reason, String message) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode err = body.putObject("error");
        err.put("code", status).put("message", message);
        err.putArray("errors").addObject().put("reason", reason).put("message", message);
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(body.toString()).build();
    }
}
