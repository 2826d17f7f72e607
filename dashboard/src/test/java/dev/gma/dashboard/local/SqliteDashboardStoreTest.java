package dev.gma.dashboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gma.dashboard.DashboardStoreContract;
import dev.gma.dashboard.TestStores;
import dev.gma.dashboard.domain.DashboardStore;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract over the SQLite views of a store loaded with the analytics testdata. */
class SqliteDashboardStoreTest extends DashboardStoreContract {

    @TempDir
    static Path dir;
    private static SqliteDashboardStore store;

    @BeforeAll
    static void load() {
        store = TestStores.loaded(dir);
    }

    @Override
    protected DashboardStore store() {
        return store;
    }

    @Test
    void anEmptyStoreHasNoRepositoriesNoActivityAndNoTeamsFile(@TempDir Path empty) {
        SqliteDashboardStore fresh = TestStores.empty(empty);
        assertThat(fresh.repositories()).isEmpty();
        assertThat(fresh.latestActivity()).isEmpty();
        assertThat(fresh.teams()).isEmpty();
        assertThat(fresh.deployments(week())).isEmpty();
    }
}
