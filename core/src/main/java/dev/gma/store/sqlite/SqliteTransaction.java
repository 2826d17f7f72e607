package dev.gma.store.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An explicit {@code BEGIN IMMEDIATE … COMMIT} on an auto-commit connection. The JDBC way
 * ({@code setAutoCommit(false)}) makes sqlite-jdbc open the next transaction right after each
 * commit, so a long-lived connection would hold the database's write lock forever and every
 * other process (retry service, leech pipeline, sqlite3) would wait on it.
 */
public final class SqliteTransaction {

    /** Work done inside the transaction. */
    @FunctionalInterface
    public interface Work {
        void run(Connection connection) throws SQLException;
    }

    private SqliteTransaction() {}

    public static void run(Connection c, Work work) throws SQLException {
        execute(c, "BEGIN IMMEDIATE");
        try {
            work.run(c);
            execute(c, "COMMIT");
        } catch (SQLException | RuntimeException e) {
            try {
                execute(c, "ROLLBACK");
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
