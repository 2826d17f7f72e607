package dev.gma.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The group-commit writer's checkpoints run beside it, and the WAL stays bounded. */
class WalCheckpointerTest {

    private static final int MIB = 1 << 20;

    @TempDir Path dir;

    @Test
    void committedRowsReachTheDatabaseFileBeforeTheWritersOwnThreshold() throws Exception {
        SqliteDatabase db = SqliteDatabase.open(dir.resolve("gma.db"));
        try (BatchingWriter writer = new BatchingWriter(db, 8)) {
            writeRows(writer, 40, 64 * 1024); // 2.5 MiB: a quarter of the writer's 10,000-page threshold
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (Files.size(db.file()) < 40L * 64 * 1024 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            // Only a checkpoint moves pages from the WAL into the database file; the writer's
            // automatic one cannot have run below its threshold, so the background one did.
            assertThat(Files.size(db.file())).isGreaterThanOrEqualTo(40L * 64 * 1024);
            assertThat(writer.checkpoints()).isPositive();
        }
        assertThat(rows(db)).isEqualTo(40);
    }

    @Test
    void theWalStaysBoundedWhileTheWriterNeverPauses() throws Exception {
        SqliteDatabase db = SqliteDatabase.open(dir.resolve("gma.db"));
        Path wal = dir.resolve("gma.db-wal");
        try (BatchingWriter writer = new BatchingWriter(db, 8)) {
            writeRows(writer, 80, MIB); // twice the writer's threshold, written back to back
            // Passive checkpoints alone never rewind the log under a busy writer; the writer's own
            // checkpoint at its threshold does. Without it this WAL would hold all 80 MiB.
            long bound = WalCheckpointer.WRITER_AUTOCHECKPOINT_PAGES * 4096L + 16L * MIB;
            assertThat(Files.size(wal)).isLessThan(bound);
        }
        assertThat(rows(db)).isEqualTo(80);
    }

    private static void writeRows(BatchingWriter writer, int count, int bytes) throws Exception {
        String error = "x".repeat(bytes);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("delivery_id", "d-" + i);
            row.put("created", Instant.EPOCH);
            row.put("error", error);
            done.add(writer.submit(c -> SqliteRows.insert(c, "failure_events", row)));
        }
        for (CompletableFuture<Void> f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
    }

    private static long rows(SqliteDatabase db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM failure_events")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
