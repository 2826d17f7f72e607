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
     */
    public static void insert(Connection c, String table, Map<String, ?> row) throws SQLException {
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
        String sql = "INSERT INTO " + table + " (" + columns + ") VALUES (" + marks + ")";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (Object value : row.values()) {
                ps.setObject(i++, value instanceof Instant instant ? timestamp(instant) : value);
            }
            ps.executeUpdate();
        }
    }
}
