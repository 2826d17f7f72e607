package dev.gma.dashboard;

import dev.gma.dashboard.demo.DemoData;
import dev.gma.dashboard.local.SqliteDashboardStore;
import dev.gma.dashboard.local.TeamsFile;
import dev.gma.store.sqlite.SqliteDatabase;
import dev.gma.testing.Testdata;
import java.nio.file.Path;
import java.time.LocalDate;

/** Local stores for tests: loaded with the analytics testdata (through the demo loader) or empty. */
public final class TestStores {

    /** The week (Monday to Sunday) that holds every delivery of the analytics testdata. */
    public static final LocalDate WEEK_FROM = LocalDate.parse("2026-11-16");
    public static final LocalDate WEEK_TO = LocalDate.parse("2026-11-22");

    private TestStores() {}

    /** Loads the analytics testdata and the demo teams.csv into {@code dataDir}. */
    public static SqliteDashboardStore loaded(Path dataDir) {
        SqliteDatabase db = SqliteDatabase.openInDataDir(dataDir);
        DemoData.load(Testdata.root(), db);
        DemoData.writeTeams(dataDir.resolve("teams.csv"));
        return new SqliteDashboardStore(db, new TeamsFile(dataDir.resolve("teams.csv")));
    }

    public static SqliteDashboardStore empty(Path dataDir) {
        return new SqliteDashboardStore(SqliteDatabase.openInDataDir(dataDir), new TeamsFile(dataDir.resolve("teams.csv")));
    }
}
