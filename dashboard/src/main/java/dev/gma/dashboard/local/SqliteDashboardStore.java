package dev.gma.dashboard.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gma.dashboard.domain.QueryingStore;
import dev.gma.dashboard.domain.Row;
import dev.gma.store.sqlite.SqliteDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local adapter: the SQLite views of the store the services write ({@code $GMA_DATA_DIR/gma.db}),
 * teams from a CSV file. Named parameters ({@code :name}) are bound through a PreparedStatement.
 */
public final class SqliteDashboardStore extends QueryingStore {

    private static final Pattern PARAMETER = Pattern.compile("(?<![:\\w]):([a-z_]+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqliteDatabase db;
    private final TeamsFile teams;
    private final Map<String, Prepared> prepared = new ConcurrentHashMap<>();

    public SqliteDashboardStore(SqliteDatabase db, TeamsFile teams) {
        this.db = db;
        this.teams = teams;
    }

    @Override
    public Map<String, List<String>> teams() {
        return teams.read();
    }

    @Override
    protected List<Row> run(String name, Map<String, Object> parameters) {
        return rows(name, parameters).stream().<Row>map(SqliteRow::new).toList();
    }

    /**
     * Runs the query file {@code sql/sqlite/<name>.sql} with named parameters; each row maps column
     * labels, in the order of the SELECT, to SQLite's values.
     */
    public List<Map<String, Object>> rows(String name, Map<String, Object> parameters) {
        Prepared p = prepared.computeIfAbsent(name, n -> Prepared.of(sql("sqlite", n)));
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(p.sql())) {
            for (int i = 0; i < p.names().size(); i++) {
                String parameter = p.names().get(i);
                if (!parameters.containsKey(parameter)) {
                    throw new IllegalArgumentException("query " + name + " needs parameter " + parameter);
                }
                ps.setObject(i + 1, bindable(parameters.get(parameter)));
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> values = new LinkedHashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        values.put(meta.getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(values);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("local store query " + name + " failed: " + e.getMessage(), e);
        }
    }

    private static Object bindable(Object value) {
        if (value instanceof LocalDate d) {
            return d.toString();
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (value instanceof List<?> list) {
            try {
                return JSON.writeValueAsString(list);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(e);
            }
        }
        return value;
    }

    private record Prepared(String sql, List<String> names) {
        static Prepared of(String text) {
            List<String> names = new ArrayList<>();
            Matcher m = PARAMETER.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                names.add(m.group(1));
                m.appendReplacement(out, "?");
            }
            m.appendTail(out);
            return new Prepared(out.toString(), List.copyOf(names));
        }
    }

    /** SQLite's values: timestamps are ISO-8601 UTC text, booleans 0/1, days YYYY-MM-DD text. */
    private record SqliteRow(Map<String, Object> values) implements Row {
        @Override
        public String string(String column) {
            Object v = get(column);
            return v == null ? null : v.toString();
        }

        @Override
        public Long number(String column) {
            Object v = get(column);
            return v == null ? null : v instanceof Number n ? Long.valueOf(n.longValue()) : Long.valueOf(v.toString());
        }

        @Override
        public Double decimal(String column) {
            Object v = get(column);
            return v == null ? null : v instanceof Number n ? Double.valueOf(n.doubleValue()) : Double.valueOf(v.toString());
        }

        @Override
        public Instant instant(String column) {
            String v = string(column);
            return v == null ? null : Instant.parse(v);
        }

        @Override
        public LocalDate day(String column) {
            String v = string(column);
            return v == null ? null : LocalDate.parse(v.substring(0, 10));
        }

        @Override
        public Boolean bool(String column) {
            Long v = number(column);
            return v == null ? null : v != 0;
        }

        private Object get(String column) {
            if (!values.containsKey(column)) {
                throw new IllegalArgumentException("no column " + column + " in the result");
            }
            return values.get(column);
        }
    }
}
