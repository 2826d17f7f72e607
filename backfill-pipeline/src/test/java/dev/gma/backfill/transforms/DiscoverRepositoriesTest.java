package dev.gma.backfill.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gma.backfill.GitHubFake;
import dev.gma.backfill.model.DeadLetter;
import dev.gma.backfill.model.RepoStatus;
import dev.gma.backfill.model.Repository;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;

public class DiscoverRepositoriesTest {

    @Rule public final transient TestPipeline pipeline = TestPipeline.create();
    private final GitHubFake github = new GitHubFake();

    @After
    public void stop() {
        github.close();
    }

    private PCollectionTuple discover(List<String> wanted) {
        return pipeline.apply(Create.of("launch").withCoder(StringUtf8Coder.of()))
                .apply(new DiscoverRepositories(github.clients(), wanted, "2026-06-01", Instant.now().plusSeconds(60)));
    }

    @Test
    public void everyRepositoryOfEveryInstallationOrganizationAndUserAcrossPages() {
        PCollectionTuple out = discover(List.of());
        PAssert.that(out.get(DiscoverRepositories.REPOSITORIES)).satisfies(repos -> {
            assertThat(repos).extracting(r -> r.fullName() + " " + r.installationId() + " " + r.accountType())
                    .containsExactlyInAnyOrder("octo-org/hello-world 1001 Organization",
                            "octo-org/api 1001 Organization", "mona/dotfiles 1002 User");
            assertThat(repos).allSatisfy(r -> assertThat(r.repositoryJson()).contains("\"full_name\""));
            return null;
        });
        PAssert.that(out.get(DiscoverRepositories.DEAD_LETTERS)).empty();
        PAssert.that(out.get(DiscoverRepositories.STATUS)).empty();
        pipeline.run().waitUntilFinish();
        assertThat(github.refused()).isEmpty();
    }

    @Test
    public void brokenInstallationsAndRepositoriesBecomeDeadLettersAndTheRestGoesOn() {
        github.serves("/app/installations", "[{\"account\":{\"login\":\"no-id\"}},"
                + "{\"id\":1001,\"account\":{\"login\":\"octo-org\",\"type\":\"Organization\"}},"
                + "{\"id\":1002,\"account\":{\"login\":\"mona\",\"type\":\"User\"}}]");
        github.serves("/installation/repositories", "{\"repositories\":[{\"id\":1,\"full_name\":\"../escape\"},"
                + "{\"id\":2296269,\"full_name\":\"octo-org/hello-world\"}]}");
        PCollectionTuple out = discover(List.of());
        PAssert.that(out.get(DiscoverRepositories.REPOSITORIES)).satisfies(repos -> {
            assertThat(repos).extracting(Repository::fullName).containsOnly("octo-org/hello-world");
            return null;
        });
        PAssert.that(out.get(DiscoverRepositories.DEAD_LETTERS)).satisfies(letters -> {
            assertThat(letters).extracting(DeadLetter::error).contains(
                    "an installation without an id or an account login", "a repository without a valid full_name or id");
            return null;
        });
        pipeline.run().waitUntilFinish();
    }

    @Test
    public void anInstallationThatCannotBeReadIsADeadLetterAndARequestedUnknownRepositoryFails() {
        github.answers("/installation/repositories", 403);
        PCollectionTuple out = discover(List.of("octo-org/hello-world"));
        PAssert.that(out.get(DiscoverRepositories.REPOSITORIES)).empty();
        PAssert.that(out.get(DiscoverRepositories.STATUS)).satisfies(statuses -> {
            assertThat(statuses).extracting(s -> s.repository() + " " + s.status())
                    .containsExactly("octo-org/hello-world " + RepoStatus.FAILED);
            return null;
        });
        PAssert.that(out.get(DiscoverRepositories.DEAD_LETTERS)).satisfies(letters -> {
            assertThat(letters).extracting(DeadLetter::key).containsExactlyInAnyOrder("installation/1001",
                    "octo-org/hello-world");
            return null;
        });
        pipeline.run().waitUntilFinish();
    }
}
