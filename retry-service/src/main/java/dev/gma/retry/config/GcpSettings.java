package dev.gma.retry.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * GCP-mode settings of the retry service, bound once from {@code gma.retry.gcp.*}; application.yml
 * maps the environment variables Terraform sets (terraform/run.tf) onto these names. Unused in
 * local mode; required in GCP mode (see {@link #missing()}).
 *
 * @param projectId           PROJECT_ID: project of the lock bucket and the secret (and of the dataset
 *                            unless BIG_QUERY_PROJECT_ID names another)
 * @param datasetId           DATASET_ID
 * @param bucketName          BUCKET_NAME: bucket of the lease object {@code retry-lock}
 * @param checkpointTableId   CHECKPOINT_TABLE_ID
 * @param eventsTableId       EVENTS_TABLE_ID
 * @param redeliveriesTableId REDELIVERIES_TABLE_ID
 * @param bigQueryProjectId   BIG_QUERY_PROJECT_ID: project of the dataset and of the BigQuery jobs, when
 *                            BigQuery lives in its own project (empty: PROJECT_ID)
 * @param privateKeySecretId  GITHUB_PRIVATE_KEY_SECRET_ID: Secret Manager version holding the App's
 *                            PEM key, {@code projects/P/secrets/S/versions/V}; a bare secret name
 *                            means {@code projects/PROJECT_ID/secrets/NAME/versions/latest}. Read
 *                            only when GITHUB_PRIVATE_KEY is empty.
 */
@ConfigurationProperties("gma.retry.gcp")
public record GcpSettings(
        @Bindable(defaultValue = "") String projectId,
        @Bindable(defaultValue = "") String datasetId,
        @Bindable(defaultValue = "") String bucketName,
        @Bindable(defaultValue = "") String checkpointTableId,
        @Bindable(defaultValue = "") String eventsTableId,
        @Bindable(defaultValue = "") String redeliveriesTableId,
        @Bindable(defaultValue = "") String bigQueryProjectId,
        @Bindable(defaultValue = "") String privateKeySecretId) {

    /** The project of the dataset and the BigQuery jobs: BIG_QUERY_PROJECT_ID, else PROJECT_ID. */
    public String bigQueryProject() {
        return blank(bigQueryProjectId) ? projectId : bigQueryProjectId.strip();
    }

    private static final Pattern VERSION_NAME = Pattern.compile("projects/[^/]+/secrets/[^/]+/versions/[^/]+");
    private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z0-9_-]+");

    /** The environment variables GCP mode needs that are empty, in a stable order. */
    public List<String> missing() {
        List<String> missing = new ArrayList<>();
        require(missing, "PROJECT_ID", projectId);
        require(missing, "DATASET_ID", datasetId);
        require(missing, "BUCKET_NAME", bucketName);
        require(missing, "CHECKPOINT_TABLE_ID", checkpointTableId);
        require(missing, "EVENTS_TABLE_ID", eventsTableId);
        require(missing, "REDELIVERIES_TABLE_ID", redeliveriesTableId);
        return missing;
    }

    public boolean hasPrivateKeySecret() {
        return !blank(privateKeySecretId);
    }

    /**
     * The full resource name of the secret version; a bare secret name is completed with
     * PROJECT_ID and {@code latest}. Throws naming the variable when it is neither.
     */
    public String privateKeySecretVersion() {
        String id = privateKeySecretId.strip();
        if (VERSION_NAME.matcher(id).matches()) {
            return id;
        }
        if (SECRET_NAME.matcher(id).matches()) {
            return "projects/" + projectId.strip() + "/secrets/" + id + "/versions/latest";
        }
        throw new IllegalArgumentException("GITHUB_PRIVATE_KEY_SECRET_ID must be a secret version such as "
                + "projects/P/secrets/S/versions/latest, or a secret name, got '" + id + "'");
    }

    private static void require(List<String> missing, String variable, String value) {
        if (blank(value)) {
            missing.add(variable);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
