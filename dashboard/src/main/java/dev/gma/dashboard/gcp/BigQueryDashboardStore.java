package dev.gma.dashboard.gcp;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldList;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.TableResult;
import dev.gma.dashboard.domain.QueryingStore;
import dev.gma.dashboard.domain.Row;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The Google Cloud adapter: the derived tables of the dataset, read with named query parameters only
 * (the SQL text is a fixed file; table names are checked identifiers), every query capped by
 * {@code maximumBytesBilled}. Teams come from a table ({@code team}, {@code repository_full_name}).
 */
public final class BigQueryDashboardStore extends QueryingStore {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]+");

    private final BigQuery bigQuery;
    private final String dataset;
    private final String teamsTable;
    private final long maximumBytesBilled;

    /**
     * @param dataset {@code project.dataset} of the derived tables
     * @param teamsTable {@code project.dataset.table} of the team mapping
     */
    public BigQueryDashboardStore(BigQuery bigQuery, String dataset, String teamsTable, long maximumBytesBilled) {
        this.bigQuery = bigQuery;
        this.dataset = checked(dataset);
        this.teamsTable = checked(teamsTable);
        if (maximumBytesBilled <= 0) {
            throw new IllegalArgumentException("maximum bytes billed must be positive, got " + maximumBytesBilled);
        }
        this.maximumBytesBilled = maximumBytesBilled;
    }

    @Override
    public Map<String, List<String>> teams() {
        Map<String, TreeSet<String>> teams = new TreeMap<>();
        for (Row r : run("teams", Map.of())) {
            teams.computeIfAbsent(r.string("team"), t -> new TreeSet<>()).add(r.string("repository_full_name"));
        }
        Map<String, List<String>> out = new TreeMap<>();
        teams.forEach((t, repos) -> out.put(t, new ArrayList<>(repos)));
        return out;
    }

    @Override
    protected List<Row> run(String name, Map<String, Object> parameters) {
        String sql = renderedSql(name, dataset, teamsTable);
        QueryJobConfiguration.Builder config = QueryJobConfiguration.newBuilder(sql)
                .setUseLegacySql(false)
                .setMaximumBytesBilled(maximumBytesBilled)
                .setLabels(Map.of("gma-component", "dashboard", "gma-query", name.replace('_', '-')));
        parameters(parameters).forEach((n, v) -> {
            if (Pattern.compile("@" + n + "\\b").matcher(sql).find()) {
                config.addNamedParameter(n, v);
            }
        });
        TableResult result;
        try {
            result = bigQuery.query(config.build());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while querying BigQuery (" + name + ")", e);
        }
        FieldList fields = result.getSchema().getFields();
        List<Row> rows = new ArrayList<>();
        for (FieldValueList values : result.iterateAll()) {
            rows.add(new BigQueryRow(fields, values));
        }
        return rows;
    }

    /** The text sent for a query file: fixed SQL, checked table names in place of the placeholders. */
    static String renderedSql(String name, String dataset, String teamsTable) {
        return sql("bigquery", name).replace("{{dataset}}", dataset).replace("{{teams_table}}", teamsTable);
    }

    /** Domain parameters as BigQuery values; dates also as the UTC timestamps that bound TIMESTAMP columns. */
    static Map<String, QueryParameterValue> parameters(Map<String, Object> domain) {
        Map<String, QueryParameterValue> out = new LinkedHashMap<>();
        domain.forEach((name, value) -> {
            if (value instanceof LocalDate d) {
                out.put(name, QueryParameterValue.date(d.toString()));
            } else if (value instanceof Boolean b) {
                out.put(name, QueryParameterValue.bool(b));
            } else if (value instanceof List<?> list) {
                out.put(name, QueryParameterValue.array(list.stream().map(Object::toString).toArray(String[]::new), String.class));
            } else if (value == null || value instanceof String) {
                out.put(name, QueryParameterValue.string((String) value));
            } else {
                throw new IllegalArgumentException("parameter " + name + " has an unsupported type " + value.getClass());
            }
        });
        if (domain.get("from_day") instanceof LocalDate from) {
            out.put("from_ts", timestamp(from));
        }
        if (domain.get("to_day_exclusive") instanceof LocalDate to) {
            out.put("to_ts", timestamp(to));
        }
        return out;
    }

    private static QueryParameterValue timestamp(LocalDate day) {
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        return QueryParameterValue.timestamp(start.getEpochSecond() * 1_000_000L);
    }

    private static String checked(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.split("\\.").length < 2) {
            throw new IllegalArgumentException("not a BigQuery table or dataset name: " + name);
        }
        return name;
    }

    private record BigQueryRow(FieldList fields, FieldValueList values) implements Row {
        @Override
        public String string(String column) {
            FieldValue v = get(column);
            return v.isNull() ? null : v.getStringValue();
        }

        @Override
        public Long number(String column) {
            FieldValue v = get(column);
            return v.isNull() ? null : v.getLongValue();
        }

        @Override
        public Double decimal(String column) {
            FieldValue v = get(column);
            return v.isNull() ? null : v.getDoubleValue();
        }

        @Override
        public Instant instant(String column) {
            FieldValue v = get(column);
            if (v.isNull()) {
                return null;
            }
            Field f = fields.get(column);
            return f.getType().getStandardType() == StandardSQLTypeName.TIMESTAMP ? v.getTimestampInstant()
                    : Instant.parse(v.getStringValue());
        }

        @Override
        public LocalDate day(String column) {
            FieldValue v = get(column);
            return v.isNull() ? null : LocalDate.parse(v.getStringValue());
        }

        @Override
        public Boolean bool(String column) {
            FieldValue v = get(column);
            return v.isNull() ? null : v.getBooleanValue();
        }

        private FieldValue get(String column) {
            return values.get(fields.getIndex(column));
        }
    }
}
