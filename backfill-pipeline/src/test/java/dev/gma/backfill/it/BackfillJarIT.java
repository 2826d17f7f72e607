package dev.gma.backfill.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gma.backfill.GitHubFake;
import dev.gma.github.TestKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run contract, as an operator runs it: {@code java -Xmx256m -jar backfill-pipeline.jar --since=…}
 * with GMA_DATA_DIR, GITHUB_APP_ID, GITHUB_PRIVATE_KEY and GITHUB_API_BASE_URL against the GitHub fake.
 */
class BackfillJarIT {

    private static final Path JAR = Path.of("target", "backfill-pipeline.jar");

    @TempDir Path dataDir;

    @Test
    void importsPrintsASummaryExitsZeroAndASecondLaunchAddsNothing() throws Exception {
        try (GitHubFake github = new GitHubFake()) {
            Result first = launch(github, "--since=2026-06-01");
            assertThat(first.exit()).as(first.output()).isZero();
            assertThat(first.output()).contains("backfill: since=2026-06-01 mode=local", "state=DONE",
                    "repositories_done=3", "events_written=60", "octo-org/hello-world DONE events=20")
                    .doesNotContain("PRIVATE KEY");
            assertThat(distinctDeliveries()).isEqualTo(60);
            assertThat(github.refused()).isEmpty();

            Result second = launch(github, "--since=2026-06-01");
            assertThat(second.exit()).as(second.output()).isZero();
            assertThat(second.output()).contains("repositories_skipped=3", "events_written=0");
            assertThat(distinctDeliveries()).isEqualTo(60);

            Result only = launch(github, "--since=2026-06-01", "--repositories=mona/dotfiles", "--restart=true");
            assertThat(only.exit()).as(only.output()).isZero();
            assertThat(only.output()).contains("repositories_done=1", "events_written=20");
            assertThat(distinctDeliveries()).isEqualTo(60);
        }
    }

    @Test
    void aLaunchKilledMidwayContinuesFromItsCheckpointWithoutStoringAPageTwice() throws Exception {
        try (GitHubFake github = new GitHubFake()) {
            github.hangs("/repos/octo-org/hello-world/pulls", 2, 60_000);
            Process process = start(github, "--since=2026-06-01");
            try {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (!pageOneStored() && System.nanoTime() < until) {
                    Thread.sleep(200);
                }
                assertThat(pageOneStored()).as("hello-world's first page stored before the kill").isTrue();
            } finally {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hook runs
            }
            github.heal();

            Result again = launch(github, "--since=2026-06-01");
            assertThat(again.exit()).as(again.output()).isZero();
            assertThat(github.requests("/repos/octo-org/hello-world/pulls", 1)).as("page 1 not read again").isEqualTo(1);
            assertThat(distinctDeliveries()).isEqualTo(60);
            assertThat(count("SELECT COUNT(*) FROM events WHERE repository_full_name = 'octo-org/hello-world'"))
                    .as("no hello-world row stored twice").isEqualTo(20);
        }
    }

    private boolean pageOneStored() throws Exception {
        if (!Files.exists(dataDir.resolve("gma.db"))) {
            return false;
        }
        try {
            return count("SELECT COUNT(*) FROM backfill_checkpoint WHERE repository_full_name = 'octo-org/hello-world' "
                    + "AND next_url LIKE '%page=2'") == 1;
        } catch (java.sql.SQLException e) {
            return false; // the tables are not there yet
        }
    }

    @Test
    void wrongSettingsExitTwoNamingEachProblem() throws Exception {
        try (GitHubFake github = new GitHubFake()) {
            Result result = launch(github, "--since=yesterday");
            assertThat(result.exit()).isEqualTo(2);
            assertThat(result.output()).contains("the backfill pipeline cannot start", "--since must be a day as YYYY-MM-DD");
        }
    }

    private record Result(int exit, String output) {}

    private Result launch(GitHubFake github, String... args) throws Exception {
        Process process = start(github, args);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the backfill jar did not finish in 120 s:\n" + Files.readString(lastLog));
        }
        return new Result(process.exitValue(), Files.readString(lastLog, StandardCharsets.UTF_8));
    }

    private Path lastLog;

    private Process start(GitHubFake github, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dataDir, "backfill", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("PROJECT_ID");
        pb.environment().keySet().removeIf(name -> name.startsWith("GMA_") || name.startsWith("GITHUB_"));
        pb.environment().putAll(Map.of("GMA_DATA_DIR", dataDir.toString(), "GITHUB_APP_ID",
                Long.toString(GitHubFake.APP_ID), "GITHUB_PRIVATE_KEY", TestKeys.pkcs1Pem(),
                "GITHUB_API_BASE_URL", github.baseUri().toString()));
        lastLog = log;
        return pb.start();
    }

    private long distinctDeliveries() throws Exception {
        return count("SELECT COUNT(DISTINCT delivery_id) FROM events WHERE source = 'backfill'");
    }

    /** Read-only, without creating or migrating anything: the launch under test owns the store. */
    private long count(String sql) throws Exception {
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("gma.db"));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
