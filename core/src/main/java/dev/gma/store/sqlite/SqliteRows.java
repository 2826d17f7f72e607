package dev.gma.store.sqlite;

import dev.gma.schema.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.StringJoiner;

/** Parameterised inserts into the local store, checked against the table's schema. */
public final class SqliteRows {

    /**
     * Fixed-width UTC timestamps (microseconds, like BigQuery) so that text order is time order
     * and SQLite's date functions read them.
     */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private SqliteRows() {}

    public static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    /**
     * Inserts one row; keys are column names, {@link Instant} values become timestamps and
     * {@code byte[]} values are UTF-8 text (cast in SQLite, so no Java String copy is made).
     * Prepares the statement for this row only: a writer inserting many rows on one connection
     * keeps an {@link Inserts} instead.
     */
    public static void insert(Connection c, String table, Map<String, ?> row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(insertSql(table, row))) {
            bindAndRun(ps, row);
        }
    }

    /**
     * Prepared inserts kept for one connection, one per table and column list: SQLite parses and
     * plans an INSERT once per shape instead of once per row. Not thread-safe: it belongs to the
     * one thread that writes on the connection (the group-commit writer); a different connection
     * drops what was kept for the previous one.
     */
    public static final class Inserts implements AutoCloseable {
        private final Map<String, PreparedStatement> prepared = new java.util.HashMap<>();
        private Connection connection;

        public void insert(Connection c, String table, Map<String, ?> row) throws SQLException {
            if (c != connection) {
                close();
                connection = c;
            }
            String sql = insertSql(table, row);
            PreparedStatement ps = prepared.get(sql);
            if (ps == null) {
                ps = c.prepareStatement(sql);
                prepared.put(sql, ps);
            }
            try {
                bindAndRun(ps, row);
            } finally {
                ps.clearParameters();
            }
        }

        /** Closes every kept statement (their connection may already be closed). */
        @Override
        public void close() {
            for (PreparedStatement ps : prepared.values()) {
                try {
                    ps.close();
                } catch (SQLException ignored) {
                    // the connection went away with it
                }
            }
            prepared.clear();
            connection = null;
        }
    }

    private static String insertSql(String table, Map<String, ?> row) {
        TableSchema schema = SqliteDatabase.schemaOf(table);
        StringJoiner columns = new StringJoiner(", ");
        StringJoiner marks = new StringJoiner(", ");
        for (Map.Entry<String, ?> column : row.entrySet()) {
            if (!schema.hasColumn(column.getKey())) {
                throw new IllegalArgumentException("table " + table + " has no column " + column.getKey());
            }
            columns.add(column.getKey());
            marks.add(column.getValue() instanceof byte[] ? "CAST(? AS TEXT)" : "?");
        }
        return "INSERT INTO " + table + " (" + columns + ") VALUES (" + marks + ")";
    }

    private static void bindAndRun(PreparedStatement ps, Map<String, ?> row) throws SQLException {
        int i = 1;
        for (Object value : row.values()) {
            ps.setObject(i++, value instanceof Instant instant ? timestamp(instant) : value);
        }
        ps.executeUpdate();
    }
}
