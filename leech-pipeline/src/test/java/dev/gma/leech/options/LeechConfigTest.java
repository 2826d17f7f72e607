package dev.gma.leech.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gma.github.TestKeys;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Test;

public class LeechConfigTest {

    private static LeechOptions options(String... args) {
        return PipelineOptionsFactory.fromArgs(args).as(LeechOptions.class);
    }

    @Test
    public void localModeNeedsAnAppIdAndAKeyAndPutsTheBucketInTheDataDir() {
        LeechConfig config = LeechConfig.from(options("--githubAppId=42", "--dataDir=/tmp/gma", "--projectId="),
                Map.of("GITHUB_PRIVATE_KEY", TestKeys.pkcs1Pem()));
        assertThat(config.gcp()).isFalse();
        assertThat(config.bucketRoot()).isEqualTo("/tmp/gma/bucket");
        assertThat(config.github().toString()).doesNotContain("PRIVATE KEY").contains("hidden");
    }

    @Test
    public void everyProblemIsReportedAtOnceWithTheVariableToSet() {
        assertThatThrownBy(() -> LeechConfig.from(options("--githubAppId=abc", "--batchSize=0", "--projectId="),
                Map.of()))
                .hasMessageContaining("--githubAppId (GITHUB_APP_ID) must be the App's numeric id")
                .hasMessageContaining("--batchSize (BATCH_SIZE) must be at least 1")
                .hasMessageContaining("GITHUB_PRIVATE_KEY is required in local mode");
    }

    @Test
    public void gcpModeNeedsDatasetBucketAndSecretAndRefusesUnsafeTableNames() {
        assertThatThrownBy(() -> LeechConfig.from(options("--projectId=my-project", "--githubAppId=1",
                "--eventsTableId=events`; DROP", "--datasetId=", "--bucketName="), Map.of()))
                .hasMessageContaining("--datasetId (DATASET_ID) is required in GCP mode")
                .hasMessageContaining("--eventsTableId (EVENTS_TABLE_ID)")
                .hasMessageContaining("--bucketName (BUCKET_NAME) is required in GCP mode")
                .hasMessageContaining("--githubPrivateKeySecretId (GITHUB_PRIVATE_KEY_SECRET_ID)");
    }

    @Test
    public void gcpModeKeepsOnlyTheSecretNameNeverAKey() {
        LeechConfig config = LeechConfig.from(options("--projectId=my-project", "--githubAppId=1",
                        "--datasetId=github", "--bucketName=gs://logs-bucket/",
                        "--githubPrivateKeySecretId=projects/p/secrets/key/versions/latest"),
                Map.of("GITHUB_PRIVATE_KEY", "ignored in GCP mode"));
        assertThat(config.bucketRoot()).isEqualTo("gs://logs-bucket");
        assertThat(config.tables().eventsTable()).isEqualTo("my-project.github.events");
        assertThat(config.github().privateKeyPem()).isNull();
    }
}
