package dev.gma.backfill.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gma.github.TestKeys;
import java.beans.Introspector;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

class BackfillConfigTest {

    private static final Path METADATA = Path.of("src", "main", "flex-template", "metadata.json");

    private static BackfillOptions options(String... args) {
        PipelineOptionsFactory.register(BackfillOptions.class);
        return PipelineOptionsFactory.fromArgs(args).as(BackfillOptions.class);
    }

    @Test
    void localModeWithTheRunContract() {
        BackfillConfig config = BackfillConfig.from(options("--since=2026-01-01", "--repositories=Octo-Org/Hello-World, mona/dotfiles",
                "--githubAppId=12", "--dataDir=/tmp/gma", "--projectId="), Map.of("GITHUB_PRIVATE_KEY", TestKeys.pkcs1Pem()));
        assertThat(config.gcp()).isFalse();
        assertThat(config.since()).hasToString("2026-01-01");
        assertThat(config.repositories()).containsExactly("octo-org/hello-world", "mona/dotfiles");
        assertThat(config.bucketRoot()).isEqualTo("/tmp/gma/bucket");
        assertThat(config.github().privateKeySecretId()).isNull();
        assertThat(config.github().toString()).doesNotContain("PRIVATE KEY");
    }

    @Test
    void everyProblemIsNamedWithItsFlagOrVariable() {
        assertThatThrownBy(() -> BackfillConfig.from(options("--since=2026-13-01", "--repositories=a/b,../c",
                "--githubAppId=x", "--maxRunMinutes=0", "--projectId="), Map.of()))
                .isInstanceOf(BackfillConfig.InvalidSettingsException.class)
                .hasMessageContaining("--since must be a day as YYYY-MM-DD")
                .hasMessageContaining("'../c' is not a repository name")
                .hasMessageContaining("--githubAppId (GITHUB_APP_ID)")
                .hasMessageContaining("--maxRunMinutes (BACKFILL_MAX_RUN_MINUTES)")
                .hasMessageContaining("GITHUB_PRIVATE_KEY is required");
        assertThatThrownBy(() -> BackfillConfig.from(options("--githubAppId=1", "--projectId="),
                Map.of("GITHUB_PRIVATE_KEY", TestKeys.pkcs1Pem()))).hasMessageContaining("--since is required");
    }

    @Test
    void gcpModeNeedsDatasetBucketAndTheKeysSecret() {
        assertThatThrownBy(() -> BackfillConfig.from(options("--since=2026-01-01", "--githubAppId=1",
                "--projectId=my-project"), Map.of()))
                .hasMessageContaining("--datasetId (DATASET_ID)")
                .hasMessageContaining("--bucketName (BUCKET_NAME)")
                .hasMessageContaining("--githubPrivateKeySecretId (GITHUB_PRIVATE_KEY_SECRET_ID)");
        BackfillConfig config = BackfillConfig.from(options("--since=2026-01-01", "--githubAppId=1",
                "--projectId=my-project", "--datasetId=github_metrics", "--bucketName=gs://dead/",
                "--githubPrivateKeySecretId=projects/p/secrets/s/versions/latest"), Map.of());
        assertThat(config.tables().eventsTable()).isEqualTo("my-project.github_metrics.events");
        assertThat(config.bucketRoot()).isEqualTo("gs://dead");
    }

    @Test
    void everyOptionButTheLocalDataDirIsAFlexTemplateParameter() throws Exception {
        JsonNode metadata = new ObjectMapper().readTree(Files.readString(METADATA));
        Set<String> parameters = StreamSupport.stream(metadata.get("parameters").spliterator(), false)
                .map(p -> p.get("name").asText()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> options = Arrays.stream(BackfillOptions.class.getDeclaredMethods())
                .map(Method::getName).filter(name -> name.startsWith("get"))
                .map(name -> Introspector.decapitalize(name.substring(3)))
                .filter(name -> !name.equals("dataDir"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(parameters).isEqualTo(options);
    }
}
