package dev.gma.leech.options;

import dev.gma.github.GitHubAppSettings;
import dev.gma.pipeline.github.GitHubAccess;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

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

    private static final Pattern PROJECT = Pattern.compile("[a-z][a-z0-9.:-]{3,62}");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,1023}");
    private static final Pattern SECRET_VERSION = Pattern.compile("projects/[^/]+/secrets/[^/]+/versions/[^/]+");

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
        GitHubAccess github = github(options, env, gcp, problems);
        BigQueryTables tables = gcp ? tables(options, problems) : null;
        Path dataDir = Path.of(blank(options.getDataDir()) ? "./data" : options.getDataDir()).toAbsolutePath();
        String bucket = bucketRoot(options.getBucketName(), gcp, dataDir, problems);
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
        return new LeechConfig(gcp, dataDir, bucket, batchSize, maxAttempts, lookbackDays, github, tables);
    }

    private static GitHubAccess github(LeechOptions options, Map<String, String> env, boolean gcp,
                                       List<String> problems) {
        long appId = appId(options.getGithubAppId(), problems);
        URI api = apiBaseUrl(options.getGithubApiBaseUrl(), problems);
        if (gcp) {
            String secret = options.getGithubPrivateKeySecretId();
            if (blank(secret) || !SECRET_VERSION.matcher(secret.strip()).matches()) {
                problems.add("--githubPrivateKeySecretId (GITHUB_PRIVATE_KEY_SECRET_ID) is required in GCP mode, as "
                        + "projects/PROJECT/secrets/NAME/versions/VERSION");
                return null;
            }
            return problems.isEmpty() ? GitHubAccess.withSecret(appId, api, secret.strip()) : null;
        }
        String pem = env.get("GITHUB_PRIVATE_KEY");
        if (blank(pem)) {
            problems.add("GITHUB_PRIVATE_KEY is required in local mode (the App's PEM private key)");
            return null;
        }
        if (!problems.isEmpty()) {
            return null;
        }
        try {
            GitHubAppSettings checked = new GitHubAppSettings(appId, pem, api);
            return GitHubAccess.withKey(appId, checked.apiBaseUrl(), checked.privateKeyPem());
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    private static long appId(String value, List<String> problems) {
        try {
            long id = Long.parseLong(value == null ? "" : value.strip());
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        problems.add("--githubAppId (GITHUB_APP_ID) must be the App's numeric id, got '" + value + "'");
        return 0;
    }

    private static URI apiBaseUrl(String value, List<String> problems) {
        try {
            URI uri = URI.create(blank(value) ? "https://api.github.com" : value.strip().replaceAll("/+$", ""));
            if (uri.getHost() != null && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                return uri;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        problems.add("--githubApiBaseUrl (GITHUB_API_BASE_URL) must be an http(s) URL such as "
                + "https://api.github.com, got '" + value + "'");
        return null;
    }

    private static BigQueryTables tables(LeechOptions options, List<String> problems) {
        String project = options.getProjectId().strip();
        if (!PROJECT.matcher(project).matches()) {
            problems.add("--projectId (PROJECT_ID) is not a Google Cloud project id: '" + project + "'");
        }
        String dataset = identifier(options.getDatasetId(), "--datasetId (DATASET_ID)", problems);
        String events = identifier(options.getEventsTableId(), "--eventsTableId (EVENTS_TABLE_ID)", problems);
        String leech = identifier(options.getLeechTableId(), "--leechTableId (LEECH_TABLE_ID)", problems);
        return new BigQueryTables(project, dataset, events, leech);
    }

    private static String identifier(String value, String name, List<String> problems) {
        if (blank(value) || !IDENTIFIER.matcher(value.strip()).matches()) {
            problems.add(name + " is required in GCP mode and may hold only letters, digits and _, got '"
                    + value + "'");
            return null;
        }
        return value.strip();
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

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
