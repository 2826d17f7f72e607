package dev.gma.testing;

import dev.gma.store.sqlite.SqliteDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The rows a local store holds for one delivery, read back by tests (column name to value). */
public final class StoredRows {

    private StoredRows() {}

    /** Every row of {@code table} (a name the test chose, never input) whose delivery_id is the given one. */
    public static List<Map<String, Object>> of(Path dataDir, String table, String deliveryId) throws SQLException {
        try (Connection c = SqliteDatabase.openInDataDir(dataDir).connect();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table + " WHERE delivery_id = ?")) {
            ps.setString(1, deliveryId);
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new HashMap<>();
                    for (int col = 1; col <= meta.getColumnCount(); col++) {
                        row.put(meta.getColumnName(col), rs.getObject(col));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }
}
