package dev.gma.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Nothing the system runs reads all of history: every SQL statement in the repository that reads the
 * {@code events} table bounds {@code received} from below. The exceptions: the BigQuery
 * {@code events_unique} view, the documented ad-hoc path for people, and the local store's SQLite
 * views, which are views over the whole local history by design (local mode has no bill and is for
 * trying and testing the system; its analyst objects are views, the BigQuery ones tables).
 */
class ReceivedBoundTest {

    /** A read of the events table itself (not events_unique), qualified or not, quoted or not. */
    static final Pattern READS_EVENTS = Pattern.compile(
            "(?i)\\b(FROM|JOIN)\\s+`?(\\$\\{project}\\.\\$\\{dataset}\\.)?events`?(?![\\w_])");
    /** A lower bound on received: the window variable or a parameter. */
    static final Pattern BOUND = Pattern.compile("(?i)received\\s*>=\\s*(window_start|@\\w+|\\?)");
    static final Set<String> AD_HOC = Set.of("events_unique.sql");

    @Test
    void everyStatementThatReadsEventsBoundsReceived() throws IOException {
        List<Path> files = sqlFiles();
        assertThat(files).as("SQL files found").hasSizeGreaterThan(20);
        int reads = 0;
        for (Path file : files) {
            if (AD_HOC.contains(file.getFileName().toString()) || file.startsWith(Repo.sqliteViews())) {
                continue;
            }
            for (String statement : Files.readString(file).replaceAll("(?m)--.*$", "").split(";")) {
                if (READS_EVENTS.matcher(statement).find()) {
                    reads++;
                    assertThat(BOUND.matcher(statement).find())
                            .as("%s reads events without a bound on received:%n%s", Repo.root().relativize(file), statement)
                            .isTrue();
                }
            }
        }
        assertThat(reads).as("statements reading events").isGreaterThan(10);
    }

    @Test
    void theCheckCatchesAnUnboundedRead() {
        String unbounded = "SELECT * FROM `${project}.${dataset}.events` AS e WHERE e.event = 'push'";
        assertThat(READS_EVENTS.matcher(unbounded).find()).isTrue();
        assertThat(BOUND.matcher(unbounded).find()).isFalse();
        assertThat(READS_EVENTS.matcher("SELECT * FROM events_unique").find()).isFalse();
    }

    @Test
    void theServicesQueriesOfEventsAreBounded() throws IOException {
        for (String source : List.of(
                "retry-service/src/main/java/dev/gma/retry/gcp/BigQueryRetryStore.java",
                "retry-service/src/main/java/dev/gma/retry/local/SqliteRetryStore.java",
                "leech-pipeline/src/main/java/dev/gma/leech/read/BigQueryPendingRuns.java",
                "leech-pipeline/src/main/java/dev/gma/leech/read/SqlitePendingRuns.java")) {
            String code = Files.readString(Repo.root().resolve(source));
            assertThat(code).as(source).containsPattern("received\\s*>=");
        }
    }

    private static List<Path> sqlFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String dir : List.of("terraform", "core/src/main/resources", "leech-pipeline/src/main", "retry-service/src/main", "cli/src/main", "dashboard/src/main")) {
            Path root = Repo.root().resolve(dir);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(p -> p.toString().endsWith(".sql") && !p.toString().contains("node_modules")).forEach(out::add);
            }
        }
        return out;
    }
}
