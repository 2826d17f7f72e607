package dev.gma.backfill.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gma.backfill.model.DeadLetter;
import dev.gma.backfill.model.RepoStatus;
import dev.gma.backfill.options.BackfillConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import dev.gma.store.sqlite.SqliteDatabase;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class WriteStatusAndDeadLettersTest {

    @Rule public final transient TestPipeline pipeline = TestPipeline.create();
    @Rule public final transient TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void statusRowsLandInSqliteWithNullErrorsKept() throws Exception {
        Path dataDir = folder.newFolder().toPath();
        BackfillConfig config = new BackfillConfig(false, dataDir, dataDir.resolve("bucket").toString(),
                LocalDate.parse("2026-06-01"), List.of(), false, Duration.ofMinutes(1), null, null);
        PCollection<RepoStatus> written = pipeline.apply(Create.of(List.of(
                        new RepoStatus("a/b", 1, "2026-06-01", RepoStatus.DONE, 5, 2, null, Instant.EPOCH),
                        new RepoStatus("c/d", 0, "2026-06-01", RepoStatus.FAILED, 0, 0, "GET /repos/c/d/pulls: 404", Instant.EPOCH)))
                .withCoder(SerializableCoder.of(RepoStatus.class)))
                .apply(new WriteStatus(config));
        PAssert.that(written).satisfies(rows -> {
            assertThat(rows).hasSize(2);
            return null;
        });
        pipeline.run().waitUntilFinish();
        try (Connection c = SqliteDatabase.openInDataDir(dataDir).connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT repository_full_name, status, events, error FROM backfill_status ORDER BY 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1) + " " + rs.getString(2) + " " + rs.getLong(3) + " " + rs.getString(4))
                    .isEqualTo("a/b DONE 5 null");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(4)).contains("404");
        }
    }

    @Test
    public void deadLettersAreJsonFilesUnderTheirKeyAndAnEscapingKeyStaysInside() throws Exception {
        Path bucket = folder.newFolder().toPath();
        PCollection<String> uris = pipeline.apply(Create.of(List.of(
                        new DeadLetter("Read history", "octo-org/api", "GET /repos/octo-org/api/pulls answered 404", "{}"),
                        new DeadLetter("Discover repositories", "../../etc", "broken", null)))
                .withCoder(SerializableCoder.of(DeadLetter.class)))
                .apply(new WriteDeadLetters(bucket.toString(), "20261130T000000Z"));
        String root = bucket.toString();
        PAssert.that(uris).satisfies(written -> {
            assertThat(written).hasSize(2).allSatisfy(uri -> assertThat(Path.of(uri).normalize()).startsWith(Path.of(root)));
            return null;
        });
        pipeline.run().waitUntilFinish();
        try (var files = Files.walk(bucket.resolve("dead-letter/backfill/octo-org/api"))) {
            Path letter = files.filter(Files::isRegularFile).findFirst().orElseThrow();
            assertThat(Files.readString(letter)).contains("\"step\" : \"Read history\"").contains("404");
        }
    }
}
