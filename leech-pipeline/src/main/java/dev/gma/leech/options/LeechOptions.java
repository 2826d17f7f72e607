package dev.gma.leech.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Settings of the leech pipeline. Each is a flag ({@code --batchSize=500}) and, when the flag is
 * absent, the environment variable the services use. GCP mode is chosen by setting a project
 * ({@code --projectId} or {@code PROJECT_ID}); local mode otherwise. The App's PEM key is never
 * an option (options show in the Dataflow console): local mode reads {@code GITHUB_PRIVATE_KEY},
 * GCP mode reads the Secret Manager version named by {@code githubPrivateKeySecretId} on the workers.
 */
public interface LeechOptions extends PipelineOptions {

    @Description("Local mode: the data directory shared with the services (GMA_DATA_DIR); the store is "
            + "<dataDir>/gma.db and logs go under <dataDir>/bucket unless bucketName is set")
    @Default.InstanceFactory(EnvDefault.DataDir.class)
    String getDataDir();

    void setDataDir(String value);

    @Description("GCP mode: the Google Cloud project holding the BigQuery dataset (PROJECT_ID); empty = local mode")
    @Default.InstanceFactory(EnvDefault.ProjectId.class)
    String getProjectId();

    void setProjectId(String value);

    @Description("GCP mode: the BigQuery dataset with the events and leech_status tables (DATASET_ID)")
    @Default.InstanceFactory(EnvDefault.DatasetId.class)
    String getDatasetId();

    void setDatasetId(String value);

    @Description("GCP mode: the events table (EVENTS_TABLE_ID)")
    @Default.InstanceFactory(EnvDefault.EventsTableId.class)
    String getEventsTableId();

    void setEventsTableId(String value);

    @Description("GCP mode: the leech_status table (LEECH_TABLE_ID)")
    @Default.InstanceFactory(EnvDefault.LeechTableId.class)
    String getLeechTableId();

    void setLeechTableId(String value);

    @Description("Where logs are stored (BUCKET_NAME): a Cloud Storage bucket name or gs:// URI in GCP mode; "
            + "in local mode a directory (default <dataDir>/bucket)")
    @Default.InstanceFactory(EnvDefault.BucketName.class)
    String getBucketName();

    void setBucketName(String value);

    @Description("At most this many workflow runs per launch (BATCH_SIZE)")
    @Default.InstanceFactory(EnvDefault.BatchSize.class)
    Integer getBatchSize();

    void setBatchSize(Integer value);

    @Description("A run whose copy failed is tried again on later launches until it has failed this often (MAX_ATTEMPTS)")
    @Default.InstanceFactory(EnvDefault.MaxAttempts.class)
    Integer getMaxAttempts();

    void setMaxAttempts(Integer value);

    @Description("Only events received in the last this many days are read (LOOKBACK_DAYS): every read of the "
            + "events table is bounded on received. Default 90, GitHub's default retention of workflow run logs; "
            + "an older run's logs are usually gone")
    @Default.InstanceFactory(EnvDefault.LookbackDays.class)
    Integer getLookbackDays();

    void setLookbackDays(Integer value);

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
