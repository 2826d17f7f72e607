package dev.gma.dashboard.demo;

import dev.gma.store.sqlite.FixtureRows;
import dev.gma.store.sqlite.SqliteDatabase;
import dev.gma.store.sqlite.SqliteRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * Loads the analytics testdata ({@code testdata/analytics/events.json} and {@code leech_status.json})
 * into a local store, the way the webhook service would have stored those deliveries (enrichment
 * columns read from the payload), and writes a demo {@code teams.csv} next to it. Used by
 * {@code bin/run-local --demo} and by the dashboard's tests.
 *
 * <p>{@code java -cp dashboard.jar dev.gma.dashboard.demo.DemoData <testdata dir> <data dir>}
 */
public final class DemoData {

    /** The demo's teams: one per repository of the testdata, and a leadership view of the two product teams. */
    public static final String TEAMS_CSV = """
            team,repository_full_name
            storefront,octo-org/hello-world
            payments,octo-org/payments
            platform,octo-org/ops-tools
            product,octo-org/hello-world
            product,octo-org/payments
            """;

    private DemoData() {}

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: DemoData <testdata dir> <data dir>");
            System.exit(2);
        }
        Path dataDir = Path.of(args[1]);
        int[] counts = load(Path.of(args[0]), SqliteDatabase.openInDataDir(dataDir));
        writeTeams(dataDir.resolve("teams.csv"));
        System.out.println("demo data: " + counts[0] + " events and " + counts[1] + " leech_status rows in "
                + dataDir.resolve("gma.db") + "; teams in " + dataDir.resolve("teams.csv"));
    }

    /**
     * Inserts the testdata into an empty store, in one transaction.
     *
     * @return events and leech_status rows inserted
     */
    public static int[] load(Path testdata, SqliteDatabase db) {
        List<Map<String, Object>> events = events(testdata);
        List<Map<String, Object>> statuses = plain("leech_status", testdata.resolve("analytics/leech_status.json"));
        try (Connection c = db.connect()) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM events")) {
                if (rs.next() && rs.getLong(1) > 0) {
                    throw new IllegalStateException("the store " + db.file() + " already holds events: demo data goes into a fresh data directory");
                }
            }
            c.setAutoCommit(false);
            for (Map<String, Object> row : events) {
                SqliteRows.insert(c, "events", row);
            }
            for (Map<String, Object> row : statuses) {
                SqliteRows.insert(c, "leech_status", row);
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot load the demo data into " + db.file() + ": " + e.getMessage(), e);
        }
        return new int[] {events.size(), statuses.size()};
    }

    public static void writeTeams(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.writeString(file, TEAMS_CSV, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Rows of {@code events} from {@code analytics/events.json}; payload files are at the top of testdata/. */
    static List<Map<String, Object>> events(Path testdata) {
        return FixtureRows.events(testdata.resolve("analytics/events.json"), testdata);
    }

    private static List<Map<String, Object>> plain(String table, Path file) {
        return FixtureRows.plain(table, file);
    }
}
