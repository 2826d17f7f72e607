package dev.gma.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gma.schema.TableSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteDatabaseTest {

    @TempDir Path dir;

    @Test
    void createsEveryTableWithTheColumnsOfItsSchemaFile() throws SQLException {
        SqliteDatabase db = SqliteDatabase.openInDataDir(dir.resolve("nested"));
        try (Connection c = db.connect()) {
            for (String table : TableSchema.TABLES) {
                assertThat(columnsOf(c, table)).containsExactlyElementsOf(TableSchema.load(table).columnNames());
            }
            assertThat(columnsOf(c, "dead_letter_events")).isEqualTo(TableSchema.load("events").columnNames());
        }
    }

    @Test
    void reopeningAnOlderStoreAddsMissingColumnsAndKeepsRows() throws SQLException {
        Path file = dir.resolve("gma.db");
        SqliteDatabase db = SqliteDatabase.open(file);
        db.execute("CREATE TABLE IF NOT EXISTS scratch (x INTEGER)");
        db.execute("ALTER TABLE leech_status DROP COLUMN attempt");
        try (Connection c = db.connect()) {
            SqliteRows.insert(c, "failure_events", Map.of("delivery_id", "d-1", "created", Instant.EPOCH));
        }
        SqliteDatabase reopened = SqliteDatabase.open(file);
        try (Connection c = reopened.connect()) {
            assertThat(columnsOf(c, "leech_status")).contains("attempt");
            assertThat(count(c, "failure_events")).isEqualTo(1);
        }
    }

    @Test
    void insertRejectsAColumnTheSchemaDoesNotHave() throws SQLException {
        SqliteDatabase db = SqliteDatabase.open(dir.resolve("gma.db"));
        try (Connection c = db.connect()) {
            assertThatThrownBy(() -> SqliteRows.insert(c, "events", Map.of("nope", 1)))
                    .hasMessageContaining("has no column nope");
        }
    }

    @Test
    void timestampsAreFixedWidthSoTextOrderIsTimeOrder() {
        assertThat(SqliteRows.timestamp(Instant.parse("2026-01-02T03:04:05Z"))).isEqualTo("2026-01-02T03:04:05.000000Z");
        assertThat(SqliteRows.timestamp(Instant.parse("2026-01-02T03:04:05.5Z")))
                .isGreaterThan(SqliteRows.timestamp(Instant.parse("2026-01-02T03:04:05Z")));
    }

    @Test
    void batchingWriterCommitsConcurrentWritesAndIsolatesABadOne() throws Exception {
        SqliteDatabase db = SqliteDatabase.open(dir.resolve("gma.db"));
        List<java.util.concurrent.CompletableFuture<Void>> futures = new ArrayList<>();
        java.util.concurrent.CompletableFuture<Void> bad;
        try (BatchingWriter writer = new BatchingWriter(db, 64)) {
            for (int i = 0; i < 200; i++) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("delivery_id", "d-" + i);
                row.put("created", Instant.EPOCH);
                futures.add(writer.submit(c -> SqliteRows.insert(c, "failure_events", row)));
            }
            bad = writer.submit(c -> SqliteRows.insert(c, "failure_events", Map.of("error", "no delivery id")));
            for (var f : futures) {
                f.get(10, java.util.concurrent.TimeUnit.SECONDS);
            }
            assertThat(bad).failsWithin(java.time.Duration.ofSeconds(10));
        }
        try (Connection c = db.connect()) {
            assertThat(count(c, "failure_events")).isEqualTo(200);
        }
    }

    @Test
    void anIdleWriterHoldsNoLockSoOtherConnectionsCanWrite() throws Exception {
        SqliteDatabase db = SqliteDatabase.open(dir.resolve("gma.db"));
        try (BatchingWriter writer = new BatchingWriter(db, 8)) {
            writer.submit(c -> SqliteRows.insert(c, "failure_events", Map.of("delivery_id", "a", "created", Instant.EPOCH)))
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
            try (Connection other = db.connect(); Statement s = other.createStatement()) {
                s.execute("PRAGMA busy_timeout = 100");
                s.execute("INSERT INTO failure_events (delivery_id, created) VALUES ('b', 'x')");
            }
        }
        try (Connection c = db.connect()) {
            assertThat(count(c, "failure_events")).isEqualTo(2);
        }
    }

    private static List<String> columnsOf(Connection c, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                names.add(rs.getString("name"));
            }
        }
        return names;
    }

    private static int count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** A Beam DirectRunner opens the store from several worker threads at once: every open succeeds. */
    @org.junit.jupiter.api.Test
    void concurrentOpensOfOneStoreAllSucceed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("gma.db");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<SqliteDatabase>> opens = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                opens.add(pool.submit(() -> SqliteDatabase.open(file)));
            }
            for (java.util.concurrent.Future<SqliteDatabase> open : opens) {
                org.assertj.core.api.Assertions.assertThat(open.get(60, java.util.concurrent.TimeUnit.SECONDS).file()).isEqualTo(file);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
