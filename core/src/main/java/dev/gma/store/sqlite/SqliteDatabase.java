package dev.gma.store.sqlite;

import dev.gma.schema.TableSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * The embedded store of local mode: one SQLite file holding the same tables as BigQuery.
 *
 * <p>WAL journal so several processes (webhook, retry, leech) can read while one writes;
 * {@code synchronous=FULL} so a committed row survives a crash of the process or the machine;
 * a generous busy timeout because writers of other processes queue on the file lock.
 */
public final class SqliteDatabase {

    private static final int BUSY_TIMEOUT_MILLIS = 30_000;

    private final Path file;
    private final String url;

    private SqliteDatabase(Path file) {
        this.file = file;
        this.url = "jdbc:sqlite:" + file.toAbsolutePath();
    }

    /** One lock per store file: threads of one process (a Beam DirectRunner's workers) open it in turn. */
    private static final java.util.concurrent.ConcurrentHashMap<Path, Object> OPENING = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int OPEN_ATTEMPTS = 5;

    /**
     * Opens (creating if needed) the store at {@code file} and brings its schema up to date. Setting
     * WAL mode and changing the schema take locks that SQLite may refuse at once (SQLITE_BUSY) while
     * another connection writes, whatever the busy timeout: opens are serialised within the process
     * and a busy one is tried again, a few times, with a growing pause.
     */
    public static SqliteDatabase open(Path file) {
        createParent(file);
        SqliteDatabase db = new SqliteDatabase(file);
        synchronized (OPENING.computeIfAbsent(file.toAbsolutePath().normalize(), k -> new Object())) {
            for (int attempt = 1; ; attempt++) {
                try (Connection c = db.connect()) {
                    SqliteSchema.apply(c);
                    return db;
                } catch (SQLException e) {
                    if (attempt == OPEN_ATTEMPTS || !busy(e)) {
                        throw new IllegalStateException("cannot open the local store at " + file + ": " + e.getMessage(), e);
                    }
                    pause(attempt);
                }
            }
        }
    }

    private static boolean busy(SQLException e) {
        String message = String.valueOf(e.getMessage());
        return e.getErrorCode() == 5 || message.contains("SQLITE_BUSY") || message.contains("database is locked");
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(200L * attempt);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening the local store", interrupted);
        }
    }

    /** The store at {@code $GMA_DATA_DIR/gma.db}. */
    public static SqliteDatabase openInDataDir(Path dataDir) {
        return open(dataDir.resolve("gma.db"));
    }

    /** A new connection; the caller closes it. */
    public Connection connect() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        return config.createConnection(url);
    }

    public Path file() {
        return file;
    }

    /** The DDL this store applies, for documentation and the schema-agreement test. */
    public static String ddl() {
        return SqliteSchema.ddl();
    }

    /** Runs one statement per call; convenient for tests and tools, never for user input. */
    public void execute(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static String sqliteType(String bigQueryType) {
        return switch (bigQueryType) {
            case "INTEGER", "INT64", "BOOLEAN", "BOOL" -> "INTEGER";
            case "FLOAT", "FLOAT64", "NUMERIC" -> "REAL";
            default -> "TEXT"; // STRING, TIMESTAMP (ISO-8601 UTC text), JSON
        };
    }

    static TableSchema schemaOf(String table) {
        return TableSchema.load(SqliteSchema.schemaNameOf(table));
    }

    private static void createParent(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of the local store " + file, e);
        }
    }
}
