package dev.gma.leech.options;

import static dev.gma.pipeline.options.SettingsChecks.blank;
import static dev.gma.pipeline.options.SettingsChecks.identifier;

import dev.gma.pipeline.github.GitHubAccess;
import dev.gma.pipeline.options.SettingsChecks;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pipeline's settings, checked once before anything is built: every problem is reported
 * together, each naming the flag and the environment variable to fix.
 *
 * @param gcp         GCP mode (BigQuery + Cloud Storage) rather than local mode (SQLite + a directory)
 * @param dataDir     local mode: where gma.db lives
 * @param bucketRoot  where archives go: {@code gs://bucket} or an absolute local directory
 * @param lookbackDays only events received in the last this many days are read
 * @param tables      GCP mode: the BigQuery tables
 */
public record LeechConfig(boolean gcp, Path dataDir, String bucketRoot, int batchSize, int maxAttempts,
                          int lookbackDays, GitHubAccess github, BigQueryTables tables) implements Serializable {

    /** Fully qualified BigQuery tables; only identifiers checked against BigQuery's naming rules. */
    public record BigQueryTables(String project, String dataset, String events, String leechStatus)
            implements Serializable {

        public String eventsTable() {
            return project + "." + dataset + "." + events;
        }

        public String leechStatusTable() {
            return project + "." + dataset + "." + leechStatus;
        }
    }


    /** Thrown with every problem found, one per line. */
    public static final class InvalidSettingsException extends IllegalArgumentException {
        public InvalidSettingsException(List<String> problems) {
            super("the leech pipeline cannot start:\n  - " + String.join("\n  - ", problems));
        }
    }

    public static LeechConfig from(LeechOptions options, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        boolean gcp = !blank(options.getProjectId());
        int batchSize = atLeastOne(options.getBatchSize(), "--batchSize (BATCH_SIZE)", problems);
        int maxAttempts = atLeastOne(options.getMaxAttempts(), "--maxAttempts (MAX_ATTEMPTS)", problems);
        int lookbackDays = atLeastOne(options.getLookbackDays(), "--lookbackDays (LOOKBACK_DAYS)", problems);
        GitHubAccess github = SettingsChecks.github(options.getGithubAppId(), options.getGithubApiBaseUrl(),
                options.getGithubPrivateKeySecretId(), env, gcp, problems);
        BigQueryTables tables = gcp ? tables(options, problems) : null;
        Path dataDir = Path.of(blank(options.getDataDir()) ? "./data" : options.getDataDir()).toAbsolutePath();
        String bucket = bucketRoot(options.getBucketName(), gcp, dataDir, problems);
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
        return new LeechConfig(gcp, dataDir, bucket, batchSize, maxAttempts, lookbackDays, github, tables);
    }

    private static BigQueryTables tables(LeechOptions options, List<String> problems) {
        String project = SettingsChecks.project(options.getProjectId(), problems);
        String dataset = identifier(options.getDatasetId(), "--datasetId (DATASET_ID)", problems);
        String events = identifier(options.getEventsTableId(), "--eventsTableId (EVENTS_TABLE_ID)", problems);
        String leech = identifier(options.getLeechTableId(), "--leechTableId (LEECH_TABLE_ID)", problems);
        return new BigQueryTables(project, dataset, events, leech);
    }

    private static String bucketRoot(String bucket, boolean gcp, Path dataDir, List<String> problems) {
        if (!gcp) {
            return blank(bucket) ? dataDir.resolve("bucket").toString() : Path.of(bucket).toAbsolutePath().toString();
        }
        if (blank(bucket)) {
            problems.add("--bucketName (BUCKET_NAME) is required in GCP mode: the Cloud Storage bucket for the logs");
            return null;
        }
        String name = bucket.strip().replaceFirst("^gs://", "").replaceAll("/+$", "");
        return "gs://" + name;
    }

    private static int atLeastOne(Integer value, String name, List<String> problems) {
        if (value == null || value < 1) {
            problems.add(name + " must be at least 1, got " + value);
            return 1;
        }
        return value;
    }

}
