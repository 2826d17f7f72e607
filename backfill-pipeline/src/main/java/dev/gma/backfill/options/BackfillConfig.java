package dev.gma.backfill.options;

import static dev.gma.pipeline.options.SettingsChecks.blank;
import static dev.gma.pipeline.options.SettingsChecks.identifier;

import dev.gma.pipeline.github.GitHubAccess;
import dev.gma.pipeline.options.SettingsChecks;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The pipeline's settings, checked once before anything is built: every problem is reported
 * together, each naming the flag (and the environment variable) to fix.
 *
 * @param since        import what changed on or after this day (UTC)
 * @param repositories only these {@code owner/name}s (lower case); empty = all
 * @param restart      read repositories again that a launch with the same {@code since} finished
 * @param maxRun       no wait passes launch start + this
 * @param bucketRoot   dead letters: {@code gs://bucket} or an absolute local directory
 * @param tables       GCP mode: the BigQuery tables
 */
public record BackfillConfig(boolean gcp, Path dataDir, String bucketRoot, LocalDate since, List<String> repositories,
                             boolean restart, Duration maxRun, GitHubAccess github, BigQueryTables tables)
        implements Serializable {

    /** Fully qualified BigQuery tables. */
    public record BigQueryTables(String project, String dataset, String events) implements Serializable {

        public String eventsTable() {
            return project + "." + dataset + "." + events;
        }

        public String checkpointTable() {
            return project + "." + dataset + ".backfill_checkpoint";
        }

        public String statusTable() {
            return project + "." + dataset + ".backfill_status";
        }
    }

    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");

    /** Thrown with every problem found, one per line. */
    public static final class InvalidSettingsException extends IllegalArgumentException {
        public InvalidSettingsException(List<String> problems) {
            super("the backfill pipeline cannot start:\n  - " + String.join("\n  - ", problems));
        }
    }

    public static BackfillConfig from(BackfillOptions options, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        boolean gcp = !blank(options.getProjectId());
        LocalDate since = since(options.getSince(), problems);
        List<String> repositories = repositories(options.getRepositories(), problems);
        Integer minutes = options.getMaxRunMinutes();
        if (minutes == null || minutes < 1) {
            problems.add("--maxRunMinutes (BACKFILL_MAX_RUN_MINUTES) must be at least 1, got " + minutes);
        }
        GitHubAccess github = SettingsChecks.github(options.getGithubAppId(), options.getGithubApiBaseUrl(),
                options.getGithubPrivateKeySecretId(), env, gcp, problems);
        BigQueryTables tables = gcp ? tables(options, problems) : null;
        Path dataDir = Path.of(blank(options.getDataDir()) ? "./data" : options.getDataDir()).toAbsolutePath();
        String bucket = bucketRoot(options.getBucketName(), gcp, dataDir, problems);
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
        return new BackfillConfig(gcp, dataDir, bucket, since, repositories, Boolean.TRUE.equals(options.getRestart()),
                Duration.ofMinutes(minutes), github, tables);
    }

    private static LocalDate since(String value, List<String> problems) {
        if (blank(value)) {
            problems.add("--since is required: the first day to import, as YYYY-MM-DD (e.g. --since=2026-01-01)");
            return null;
        }
        try {
            LocalDate day = LocalDate.parse(value.strip());
            if (day.isAfter(LocalDate.now(java.time.ZoneOffset.UTC))) {
                problems.add("--since is in the future: " + day);
            }
            return day;
        } catch (DateTimeParseException e) {
            problems.add("--since must be a day as YYYY-MM-DD, got '" + value + "'");
            return null;
        }
    }

    private static List<String> repositories(String value, List<String> problems) {
        Set<String> names = new LinkedHashSet<>();
        if (blank(value)) {
            return List.of();
        }
        for (String name : value.split(",")) {
            String n = name.strip();
            if (n.isEmpty()) {
                continue;
            }
            if (!REPOSITORY.matcher(n).matches() || n.contains("..")) {
                problems.add("--repositories takes owner/name,owner/name; '" + n + "' is not a repository name");
            } else {
                names.add(n.toLowerCase(java.util.Locale.ROOT));
            }
        }
        return List.copyOf(names);
    }

    private static BigQueryTables tables(BackfillOptions options, List<String> problems) {
        String project = SettingsChecks.project(options.getProjectId(), problems);
        String dataset = identifier(options.getDatasetId(), "--datasetId (DATASET_ID)", problems);
        String events = identifier(options.getEventsTableId(), "--eventsTableId (EVENTS_TABLE_ID)", problems);
        return new BigQueryTables(project, dataset, events);
    }

    private static String bucketRoot(String bucket, boolean gcp, Path dataDir, List<String> problems) {
        if (!gcp) {
            return blank(bucket) ? dataDir.resolve("bucket").toString() : Path.of(bucket).toAbsolutePath().toString();
        }
        if (blank(bucket)) {
            problems.add("--bucketName (BUCKET_NAME) is required in GCP mode: the Cloud Storage bucket for dead letters");
            return null;
        }
        return "gs://" + bucket.strip().replaceFirst("^gs://", "").replaceAll("/+$", "");
    }

}
