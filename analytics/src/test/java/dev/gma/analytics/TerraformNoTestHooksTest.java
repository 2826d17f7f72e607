package dev.gma.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Terraform module never switches on a test-only setting: no {@code GMA_FAULT_*} variable
 * (fault injection fails publishes on purpose) and none of the endpoint test hooks, in any
 * {@code .tf} file, examples included. A plain text scan, so it needs no HCL parser and runs
 * everywhere.
 */
class TerraformNoTestHooksTest {

    /** Names that must never appear: fault injection and the hooks of dev.gma.config.TestHooks. */
    private static final Pattern TEST_ONLY = Pattern.compile("GMA_FAULT_[A-Z_]*|gma\\.test\\.[a-z-]+|GMA_TEST_[A-Z_]*",
            Pattern.CASE_INSENSITIVE);

    @Test
    void noTfFileOfTheModuleSetsAFaultInjectionOrTestHookVariable() throws IOException {
        Path module = Repo.terraform();
        List<Path> files = tfFiles(module);

        assertThat(files).as("the module's .tf files").extracting(p -> p.getFileName().toString())
                .contains("run.tf", "variables.tf");
        assertThat(testOnlyNames(module, files)).isEmpty();
    }

    @Test
    void theScanFindsAFaultVariableWhereverItIsSet(@TempDir Path module) throws IOException {
        Files.createDirectories(module.resolve("examples/basic"));
        Files.writeString(module.resolve("run.tf"), """
                resource "google_cloud_run_v2_service" "webhook" {
                  template {
                    containers {
                      env {
                        name  = "RETRY_LIMIT"
                        value = var.retry_limit
                      }
                    }
                  }
                }
                """);
        Files.writeString(module.resolve("examples/basic/main.tf"), """
                locals { extra_env = { gma_fault_publish_failure_rate = "0.35" } }
                """);
        Files.writeString(module.resolve("examples/basic/README.md"), "GMA_FAULT_SEED is not a .tf file");

        assertThat(testOnlyNames(module, tfFiles(module)))
                .containsExactly("examples/basic/main.tf: gma_fault_publish_failure_rate");
    }

    /** Every .tf file under {@code root}, npm's node_modules (the HCL parser's) left out. */
    private static List<Path> tfFiles(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".tf"))
                    .filter(p -> !root.relativize(p).toString().contains("node_modules"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        }
    }

    /** {@code file: name} for each test-only name found, file relative to the module. */
    private static List<String> testOnlyNames(Path root, List<Path> files) throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : files) {
            Matcher m = TEST_ONLY.matcher(Files.readString(file));
            while (m.find()) {
                found.add(root.relativize(file) + ": " + m.group());
            }
        }
        return found;
    }
}
