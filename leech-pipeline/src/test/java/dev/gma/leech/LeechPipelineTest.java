package dev.gma.leech;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gma.github.TestKeys;
import dev.gma.pipeline.github.GitHubAccess;
import dev.gma.leech.options.LeechConfig;
import dev.gma.leech.options.LeechOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeechPipelineTest {

    @TempDir Path dataDir;

    @Test
    void aLaunchThatCannotReadTheStoreFailsWithItsCauseAndExitCodeOne() throws Exception {
        Files.createDirectories(dataDir.resolve("gma.db")); // a directory where the store should be
        LeechConfig config = new LeechConfig(false, dataDir, dataDir.resolve("bucket").toString(), 10, 3, 90,
                GitHubAccess.withKey(1, URI.create("http://127.0.0.1:9"), TestKeys.pkcs1Pem()), null);
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            exit = LeechPipeline.run(PipelineOptionsFactory.create().as(LeechOptions.class), config);
        } finally {
            System.setOut(stdout);
        }
        assertThat(exit).isEqualTo(1);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("leech: state=FAILED mode=local",
                "cannot open the local store");
        assertThat(dataDir.resolve("bucket")).doesNotExist();
    }
}
