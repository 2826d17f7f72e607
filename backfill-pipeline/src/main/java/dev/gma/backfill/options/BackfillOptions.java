package dev.gma.backfill.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Settings of the backfill pipeline. Each is a flag ({@code --since=2026-01-01}) and, where the
 * services have one, the environment variable they use when the flag is absent. GCP mode is chosen
 * by a project ({@code --projectId} or {@code PROJECT_ID}); local mode otherwise. The App's PEM key
 * is never an option (options show in the Dataflow console): local mode reads
 * {@code GITHUB_PRIVATE_KEY}, GCP mode the Secret Manager version named by
 * {@code githubPrivateKeySecretId}.
 */
public interface BackfillOptions extends PipelineOptions {

    @Description("Import what changed on or after this day (UTC), as YYYY-MM-DD (required)")
    String getSince();

    void setSince(String value);

    @Description("Only these repositories, comma-separated owner/name; empty = every repository of every installation")
    @Default.String("")
    String getRepositories();

    void setRepositories(String value);

    @Description("Read every repository again, even one a launch with the same since already finished "
            + "(a finished one is skipped otherwise); what was stored before is not duplicated after dedupe")
    @Default.Boolean(false)
    Boolean getRestart();

    void setRestart(Boolean value);

    @Description("Local mode: the data directory shared with the services (GMA_DATA_DIR); the store is <dataDir>/gma.db")
    @Default.InstanceFactory(EnvDefault.DataDir.class)
    String getDataDir();

    void setDataDir(String value);

    @Description("GCP mode: the Google Cloud project holding the BigQuery dataset (PROJECT_ID); empty = local mode")
    @Default.InstanceFactory(EnvDefault.ProjectId.class)
    String getProjectId();

    void setProjectId(String value);

    @Description("GCP mode: the BigQuery dataset with the events table and the backfill tables (DATASET_ID)")
    @Default.InstanceFactory(EnvDefault.DatasetId.class)
    String getDatasetId();

    void setDatasetId(String value);

    @Description("GCP mode: the events table (EVENTS_TABLE_ID)")
    @Default.InstanceFactory(EnvDefault.EventsTableId.class)
    String getEventsTableId();

    void setEventsTableId(String value);

    @Description("Where dead letters go (BUCKET_NAME): a Cloud Storage bucket in GCP mode (required there); "
            + "local mode: <dataDir>/bucket")
    @Default.InstanceFactory(EnvDefault.BucketName.class)
    String getBucketName();

    void setBucketName(String value);

    @Description("Longest a launch may take (BACKFILL_MAX_RUN_MINUTES, default 360): no wait for a rate limit or a "
            + "retry passes it; a repository still unfinished then keeps its checkpoint for the next launch")
    @Default.InstanceFactory(EnvDefault.MaxRunMinutes.class)
    Integer getMaxRunMinutes();

    void setMaxRunMinutes(Integer value);

    @Description("GitHub's REST API (GITHUB_API_BASE_URL); GitHub Enterprise Server: https://HOST/api/v3")
    @Default.InstanceFactory(EnvDefault.ApiBaseUrl.class)
    String getGithubApiBaseUrl();

    void setGithubApiBaseUrl(String value);

    @Description("The GitHub App's numeric id (GITHUB_APP_ID)")
    @Default.InstanceFactory(EnvDefault.AppId.class)
    String getGithubAppId();

    void setGithubAppId(String value);

    @Description("GCP mode: Secret Manager version holding the App's PEM key, "
            + "projects/P/secrets/S/versions/latest (GITHUB_PRIVATE_KEY_SECRET_ID)")
    @Default.InstanceFactory(EnvDefault.PrivateKeySecretId.class)
    String getGithubPrivateKeySecretId();

    void setGithubPrivateKeySecretId(String value);
}
