package dev.gma.backfill.transforms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gma.backfill.BackfillMetrics;
import dev.gma.pipeline.github.GitHubClients;
import dev.gma.backfill.model.DeadLetter;
import dev.gma.backfill.model.RepoStatus;
import dev.gma.backfill.model.Repository;
import dev.gma.github.GitHubApiException;
import dev.gma.github.GitHubAppClient;
import dev.gma.github.JsonPage;
import dev.gma.github.MalformedResponseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step "Discover repositories": the App's JWT lists its installations ({@code GET /app/installations}),
 * each installation's token lists its repositories ({@code GET /installation/repositories}), every list
 * paged through the {@code Link} header. Organization and user accounts alike. With
 * {@code --repositories}, only those (a requested repository no installation can see gets a FAILED
 * status and a dead letter). An installation that cannot be read (suspended, token refused) is a
 * dead letter; the others go on. The App's own credentials refused fails the launch: nothing could run.
 *
 * <p>Input: one element per launch (its name). Outputs {@link #REPOSITORIES}, {@link #STATUS},
 * {@link #DEAD_LETTERS}.
 */
public final class DiscoverRepositories extends PTransform<PCollection<String>, PCollectionTuple> {

    public static final TupleTag<Repository> REPOSITORIES = new TupleTag<>() {};
    public static final TupleTag<RepoStatus> STATUS = new TupleTag<>() {};
    public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

    static final String STEP = "Discover repositories";
    private static final Pattern FULL_NAME = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");

    private final GitHubClients clients;
    private final List<String> wanted;
    private final String since;
    private final long deadlineMillis;

    /** @param wanted lower-case {@code owner/name}s, empty for every repository */
    public DiscoverRepositories(GitHubClients clients, List<String> wanted, String since, Instant deadline) {
        this.clients = clients;
        this.wanted = List.copyOf(wanted);
        this.since = since;
        this.deadlineMillis = deadline.toEpochMilli();
    }

    @Override
    public PCollectionTuple expand(PCollection<String> launch) {
        PCollectionTuple out = launch.apply("List installations and repositories",
                ParDo.of(new DiscoverFn(clients, wanted, since, deadlineMillis))
                        .withOutputTags(REPOSITORIES, TupleTagList.of(STATUS).and(DEAD_LETTERS)));
        out.get(REPOSITORIES).setCoder(SerializableCoder.of(Repository.class));
        out.get(STATUS).setCoder(SerializableCoder.of(RepoStatus.class));
        out.get(DEAD_LETTERS).setCoder(SerializableCoder.of(DeadLetter.class));
        return out;
    }

    static final class DiscoverFn extends DoFn<String, Repository> {
        private static final Logger LOG = LoggerFactory.getLogger(DiscoverFn.class);
        private static final ObjectMapper JSON = new ObjectMapper();

        private final GitHubClients clients;
        private final List<String> wanted;
        private final String since;
        private final long deadlineMillis;
        private transient GitHubAppClient github;

        DiscoverFn(GitHubClients clients, List<String> wanted, String since, long deadlineMillis) {
            this.clients = clients;
            this.wanted = wanted;
            this.since = since;
            this.deadlineMillis = deadlineMillis;
        }

        @Setup
        public void setUp() {
            github = clients.create();
        }

        @ProcessElement
        public void process(MultiOutputReceiver out) {
            Instant deadline = Instant.ofEpochMilli(deadlineMillis);
            long callsBefore = github.requestCount();
            Set<String> owners = new LinkedHashSet<>();
            wanted.forEach(name -> owners.add(name.substring(0, name.indexOf('/'))));
            Set<String> found = new LinkedHashSet<>();
            Optional<String> url = Optional.of("/app/installations?per_page=100");
            while (url.isPresent()) {
                JsonPage page = github.getPageAsApp(url.get(), deadline);
                for (JsonNode installation : array(tree(page.body(), "the installations page"), null,
                        "the installations page")) {
                    installation(installation, owners, found, deadline, out);
                }
                url = page.next();
            }
            for (String name : wanted) {
                if (!found.contains(name)) {
                    String error = "no installation of the App can see " + name
                            + " (not installed there, or the repository was not granted to the App)";
                    out.get(STATUS).output(new RepoStatus(name, 0, since, RepoStatus.FAILED, 0, 0, error, Instant.now()));
                    out.get(DEAD_LETTERS).output(new DeadLetter(STEP, name, error, name));
                    BackfillMetrics.FAILED.inc();
                    BackfillMetrics.DEAD_LETTERS.inc();
                }
            }
            BackfillMetrics.GITHUB_CALLS.inc(github.requestCount() - callsBefore);
        }

        private void installation(JsonNode installation, Set<String> owners, Set<String> found, Instant deadline,
                                  MultiOutputReceiver out) {
            JsonNode account = installation.path("account");
            String login = account.path("login").asText("");
            if (!installation.path("id").canConvertToLong() || login.isEmpty()) {
                deadLetter(out, "installation/?", "an installation without an id or an account login", installation);
                return;
            }
            long id = installation.path("id").asLong();
            if (!owners.isEmpty() && !owners.contains(login.toLowerCase(Locale.ROOT))) {
                return; // none of the requested repositories lives there: not even a token is asked for
            }
            BackfillMetrics.INSTALLATIONS.inc();
            String type = account.path("type").asText("Organization");
            List<Repository> repositories = new ArrayList<>();
            try {
                Optional<String> url = Optional.of("/installation/repositories?per_page=100");
                while (url.isPresent()) {
                    JsonPage page = github.getPageAsInstallation(url.get(), id, deadline);
                    JsonNode body = tree(page.body(), "the repositories of installation " + id);
                    for (JsonNode repo : array(body, "repositories", "the repositories of installation " + id)) {
                        repository(id, repo, account, type, found, out).ifPresent(repositories::add);
                    }
                    url = page.next();
                }
            } catch (GitHubApiException e) {
                LOG.warn("installation {} ({}): {}", id, login, e.getMessage());
                deadLetter(out, "installation/" + id, e.getMessage(), installation);
                return;
            }
            // Emitted only once the installation was read whole: a half-listed one is a dead letter, not a part.
            repositories.forEach(r -> {
                out.get(REPOSITORIES).output(r);
                BackfillMetrics.REPOSITORIES.inc();
            });
            LOG.info("installation {} ({} {}): {} repositories to import", id, type, login, repositories.size());
        }

        private Optional<Repository> repository(long installationId, JsonNode repo, JsonNode account, String type,
                                                Set<String> found, MultiOutputReceiver out) {
            String name = repo.path("full_name").asText("");
            if (!FULL_NAME.matcher(name).matches() || name.contains("..") || !repo.path("id").canConvertToLong()) {
                deadLetter(out, "installation/" + installationId, "a repository without a valid full_name or id", repo);
                return Optional.empty();
            }
            String key = name.toLowerCase(Locale.ROOT);
            if (!wanted.isEmpty() && !wanted.contains(key)) {
                return Optional.empty();
            }
            found.add(key);
            return Optional.of(new Repository(installationId, name, repo.toString(), account.toString(), type));
        }

        private static void deadLetter(MultiOutputReceiver out, String key, String error, JsonNode input) {
            out.get(DEAD_LETTERS).output(new DeadLetter(STEP, key, error, input.toString()));
            BackfillMetrics.DEAD_LETTERS.inc();
        }

        private static JsonNode tree(String body, String what) {
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new MalformedResponseException(what + " is not JSON");
            }
        }

        private static JsonNode array(JsonNode body, String field, String what) {
            JsonNode array = field == null ? body : body.path(field);
            if (!array.isArray()) {
                throw new MalformedResponseException(what + " is not a JSON array"
                        + (field == null ? "" : " under " + field));
            }
            return array;
        }
    }
}
