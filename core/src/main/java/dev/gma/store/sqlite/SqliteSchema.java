package dev.gma.store.sqlite;

import dev.gma.schema.Column;
import dev.gma.schema.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Creates and upgrades the local store's tables from the BigQuery schema files, then (re)creates
 * the SQLite twins of the analyst views listed in {@code sqlite/views/index.txt}.
 */
final class SqliteSchema {

    /** Local mode's stand-in for the DLQ topic: same columns as {@code events}. */
    static final String DEAD_LETTER_TABLE = "dead_letter_events";

    private static final Map<String, String> INDEXES = Map.of(
            "events", "delivery_id",
            "failure_events", "delivery_id",
            "redeliveries", "guid",
            "leech_status", "delivery_id",
            DEAD_LETTER_TABLE, "delivery_id");

    private SqliteSchema() {}

    static Map<String, String> tables() {
        Map<String, String> tables = new LinkedHashMap<>();
        for (String table : TableSchema.TABLES) {
            tables.put(table, table);
        }
        tables.put(DEAD_LETTER_TABLE, "events");
        return tables;
    }

    static String schemaNameOf(String table) {
        String schema = tables().get(table);
        if (schema == null) {
            throw new IllegalArgumentException("unknown table " + table);
        }
        return schema;
    }

    static String ddl() {
        StringBuilder sql = new StringBuilder();
        tables().forEach((table, schema) -> sql.append(createTable(table, TableSchema.load(schema))).append(";\n"));
        return sql.toString();
    }

    static void apply(Connection c) throws SQLException {
        SqliteTransaction.run(c, tx -> {
            try (Statement s = tx.createStatement()) {
                for (Map.Entry<String, String> t : tables().entrySet()) {
                    TableSchema schema = TableSchema.load(t.getValue());
                    s.execute(createTable(t.getKey(), schema));
                    addMissingColumns(tx, t.getKey(), schema);
                    createIndex(s, t.getKey());
                }
                for (String view : viewFiles()) {
                    s.execute("DROP VIEW IF EXISTS " + view.replace(".sql", ""));
                    s.execute(resource("/sqlite/views/" + view));
                }
            }
        });
    }

    private static void createIndex(Statement s, String table) throws SQLException {
        String indexed = INDEXES.get(table);
        if (indexed != null) {
            s.execute("CREATE INDEX IF NOT EXISTS " + table + "_by_" + indexed + " ON " + table + " (" + indexed + ")");
        }
    }

    private static String createTable(String table, TableSchema schema) {
        List<String> columns = new ArrayList<>();
        for (Column column : schema.columns()) {
            columns.add(columnDefinition(column));
        }
        return "CREATE TABLE IF NOT EXISTS " + table + " (\n  " + String.join(",\n  ", columns) + "\n)";
    }

    private static String columnDefinition(Column column) {
        return column.name() + " " + SqliteDatabase.sqliteType(column.type()) + (column.required() ? " NOT NULL" : "");
    }

    /** A store written by an older version gains the columns added since; nothing is dropped. */
    private static void addMissingColumns(Connection c, String table, TableSchema schema) throws SQLException {
        Set<String> present = new HashSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                present.add(rs.getString("name"));
            }
        }
        for (Column column : schema.columns()) {
            if (!present.contains(column.name())) {
                try (Statement s = c.createStatement()) {
                    // Added columns cannot be NOT NULL without a default; old rows keep NULL.
                    s.execute("ALTER TABLE " + table + " ADD COLUMN " + column.name() + " "
                            + SqliteDatabase.sqliteType(column.type()));
                }
            }
        }
    }

    private static List<String> viewFiles() {
        InputStream index = SqliteSchema.class.getResourceAsStream("/sqlite/views/index.txt");
        if (index == null) {
            return List.of();
        }
        try (index) {
            return new String(index.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String path) {
        try (InputStream in = SqliteSchema.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("view file " + path + " is listed in index.txt but missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
