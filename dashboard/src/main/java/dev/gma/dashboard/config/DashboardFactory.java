package dev.gma.dashboard.config;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import dev.gma.config.Modes;
import dev.gma.dashboard.domain.DashboardService;
import dev.gma.dashboard.domain.DashboardStore;
import dev.gma.dashboard.gcp.BigQueryDashboardStore;
import dev.gma.dashboard.local.SqliteDashboardStore;
import dev.gma.dashboard.local.TeamsFile;
import dev.gma.store.sqlite.SqliteDatabase;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the adapter by mode: the local SQLite store unless the {@code gcp} environment is active.
 * Settings are read once here (application.yml names the environment variables) and checked at
 * start-up: GCP mode refuses to start without PROJECT_ID and DATASET_ID, naming the missing ones.
 */
@Factory
public class DashboardFactory {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardFactory.class);

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Context
    @Requires(notEnv = Modes.GCP)
    DashboardStore sqliteStore(@Value("${gma.dashboard.data-dir}") String dataDir,
                               @Value("${gma.dashboard.teams-file:}") String teamsFile) {
        Path dir = Path.of(dataDir);
        Path teams = teamsFile.isBlank() ? dir.resolve("teams.csv") : Path.of(teamsFile);
        SqliteDatabase db = SqliteDatabase.openInDataDir(dir);
        LOG.info("dashboard reads the local store {} (teams: {})", db.file().toAbsolutePath(), teams.toAbsolutePath());
        return new SqliteDashboardStore(db, new TeamsFile(teams));
    }

    @Context
    @Requires(env = Modes.GCP)
    DashboardStore bigQueryStore(@Value("${gma.dashboard.gcp.project-id:}") String projectId,
                                 @Value("${gma.dashboard.gcp.big-query-project-id:}") String bigQueryProjectId,
                                 @Value("${gma.dashboard.gcp.dataset-id:}") String datasetId,
                                 @Value("${gma.dashboard.gcp.teams-table-id:teams}") String teamsTableId,
                                 @Value("${gma.dashboard.gcp.maximum-bytes-billed}") long maximumBytesBilled) {
        List<String> missing = new ArrayList<>();
        if (projectId.isBlank()) {
            missing.add("PROJECT_ID");
        }
        if (datasetId.isBlank()) {
            missing.add("DATASET_ID");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("GCP mode needs " + String.join(" and ", missing)
                    + ": set them (terraform/dashboard.tf does) or unset PROJECT_ID for local mode");
        }
        String project = bigQueryProjectId.isBlank() ? projectId : bigQueryProjectId;
        // Jobs run in the project of the dataset (where terraform/dashboard.tf grants roles/bigquery.jobUser).
        BigQuery bigQuery = BigQueryOptions.newBuilder().setProjectId(project).build().getService();
        LOG.info("dashboard reads BigQuery dataset {}.{} (teams table {}, at most {} bytes billed per query)",
                project, datasetId, teamsTableId, maximumBytesBilled);
        return new BigQueryDashboardStore(bigQuery, project + "." + datasetId,
                teamsTableId.contains(".") ? teamsTableId : project + "." + datasetId + "." + teamsTableId, maximumBytesBilled);
    }

    @Singleton
    DashboardService service(DashboardStore store, Clock clock) {
        return new DashboardService(store, clock);
    }
}
