package dev.gma.backfill.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gma.backfill.model.Checkpoint;
import dev.gma.backfill.model.Checkpoint.Phase;
import dev.gma.backfill.model.DeadLetter;
import dev.gma.backfill.model.EventRow;
import dev.gma.backfill.model.Repository;
import dev.gma.backfill.store.BackfillStore;
import dev.gma.github.GitHubApiException;
import dev.gma.github.GitHubAppClient;
import dev.gma.github.JsonPage;
import dev.gma.github.MalformedResponseException;
import dev.gma.github.NotFoundException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one repository's history since a day, list by list ({@link Phase}) and page by page, and
 * stores each page's events with the checkpoint past them before the next page is asked for:
 * memory holds one page (with its pull requests' reviews or its deployments' statuses), never a
 * repository's history. GitHub calls: one per list page, one reviews page per pull request, one
 * statuses page per deployment (more only when those lists have more than 100 entries).
 *
 * <p>Lists newest first stop at the first object older than {@code since}: pull requests and
 * issues by {@code updated_at}, deployments, workflow runs and releases by {@code created_at}.
 */
public final class HistoryReader {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryReader.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STEP = "Read history";

    /** What one launch did for one repository. */
    public record Result(boolean skipped, long events, long pages) {}

    private final GitHubAppClient github;
    private final BackfillStore store;
    private final Instant deadline;
    private final Consumer<DeadLetter> deadLetters;
    private long events;
    private long pages;
    private final List<String> skipped = new ArrayList<>();

    public HistoryReader(GitHubAppClient github, BackfillStore store, Instant deadline,
                         Consumer<DeadLetter> deadLetters) {
        this.github = github;
        this.store = store;
        this.deadline = deadline;
        this.deadLetters = deadLetters;
    }

    /**
     * Imports {@code repository} from its checkpoint (or the start). GitHub failures propagate as
     * github-client exceptions after the pages before them were stored; the caller records them.
     */
    public Result read(Repository repository, LocalDate since, boolean restart) throws Exception {
        String sinceText = since.toString();
        Optional<Checkpoint> saved = store.checkpoint(repository.fullName(), sinceText);
        if (saved.isPresent() && saved.get().done() && !restart) {
            LOG.info("{}: already imported since {} (pass --restart=true to read it again)", repository.fullName(), since);
            return new Result(true, 0, 0);
        }
        Checkpoint at = saved.filter(c -> !c.done()).orElse(Checkpoint.start(repository.fullName(), sinceText));
        if (saved.isPresent() && !saved.get().done()) {
            LOG.info("{}: continuing at {} ({})", repository.fullName(), at.phase(),
                    at.nextUrl() == null ? "first page" : "a later page");
        }
        Instant from = since.atStartOfDay(ZoneOffset.UTC).toInstant();
        WebhookEvents shapes = new WebhookEvents(repository);
        while (!at.done()) {
            String url = at.nextUrl() != null ? at.nextUrl() : firstPage(at.phase(), repository, since);
            JsonPage page;
            try {
                page = github.getPageAsInstallation(url, repository.installationId(), deadline);
            } catch (GitHubApiException e) {
                if (!unavailableList(at, e)) {
                    throw e;
                }
                // The repository answered its first list, so this one is off for it (a feature disabled, a
                // permission the App lacks): skip it with a dead letter, keep the others.
                LOG.warn("{}: {} unavailable ({}); skipping that list", repository.fullName(), at.phase(), e.getMessage());
                skipped.add(at.phase() + " (" + e.status() + ")");
                deadLetters.accept(new DeadLetter(STEP, repository.fullName() + "/" + at.phase(), e.getMessage(), url));
                Checkpoint next = at.nextPhase(0);
                store.writePage(List.of(), next);
                at = next;
                continue;
            }
            List<EventRow> rows = new ArrayList<>();
            boolean reachedSince = false;
            for (JsonNode item : items(at.phase(), page.body(), url)) {
                if (olderThan(item, at.phase(), from)) {
                    reachedSince = true;
                    break;
                }
                try {
                    List<EventRow> ofItem = new ArrayList<>();
                    shape(at.phase(), item, repository, shapes, ofItem);
                    rows.addAll(ofItem);
                } catch (WebhookEvents.UnusableObjectException | NotFoundException e) {
                    // an unusable object, or one whose reviews or statuses are gone (deleted since it was listed)
                    deadLetters.accept(new DeadLetter(STEP, repository.fullName() + "/" + at.phase(), e.getMessage(),
                            item.toString()));
                }
            }
            Checkpoint next = reachedSince || page.next().isEmpty()
                    ? at.nextPhase(rows.size()) : at.at(page.next().get(), rows.size());
            store.writePage(rows, next);
            events += rows.size();
            pages++;
            LOG.info("{}: {} page {} stored, {} events ({} this launch)", repository.fullName(), at.phase(),
                    pages, rows.size(), events);
            at = next;
        }
        return new Result(false, events, pages);
    }

    /** Events stored so far by this reader (also when {@link #read} threw half-way). */
    public long eventsStored() {
        return events;
    }

    /** Lists skipped because the repository answered 403, 404 or 410 for them (never the first list). */
    public List<String> skippedLists() {
        return List.copyOf(skipped);
    }

    /**
     * 403 (no permission), 404 or 410 on the first page of a list after the first one: that list is
     * unavailable for this repository. On the pull requests list, or on a later page, it is the
     * repository that fails.
     */
    private static boolean unavailableList(Checkpoint at, GitHubApiException e) {
        boolean refused = e instanceof NotFoundException || e.status() == 403;
        return refused && at.phase() != Phase.PULL_REQUESTS && at.nextUrl() == null
                && !(e instanceof dev.gma.github.RateLimitedException);
    }

    /** Pages stored so far by this reader. */
    public long pagesStored() {
        return pages;
    }

    private void shape(Phase phase, JsonNode item, Repository repository, WebhookEvents shapes, List<EventRow> rows) {
        switch (phase) {
            case PULL_REQUESTS -> {
                if (!item.path("number").canConvertToLong()) {
                    throw new WebhookEvents.UnusableObjectException("pull request without a number");
                }
                rows.add(shapes.pullRequest(item));
                String reviews = repoPath(repository) + "/pulls/" + item.path("number").asLong() + "/reviews?per_page=100";
                for (JsonNode review : all(reviews, repository)) {
                    rows.add(shapes.review(review, item));
                }
            }
            case DEPLOYMENTS -> {
                rows.add(shapes.deployment(item)); // checks the id used below
                String statuses = repoPath(repository) + "/deployments/" + item.path("id").asLong()
                        + "/statuses?per_page=100";
                for (JsonNode status : all(statuses, repository)) {
                    rows.add(shapes.deploymentStatus(status, item));
                }
            }
            case WORKFLOW_RUNS -> {
                if ("completed".equals(item.path("status").asText())) {
                    rows.add(shapes.workflowRun(item));
                }
            }
            case RELEASES -> rows.add(shapes.release(item));
            case ISSUES -> {
                if (!item.has("pull_request")) { // the issues list also lists pull requests
                    rows.add(shapes.issue(item));
                }
            }
            case DONE -> throw new IllegalStateException("nothing to read when done");
        }
    }

    /** Every entry of a short sub-list (reviews of one pull request, statuses of one deployment). */
    private List<JsonNode> all(String firstPage, Repository repository) {
        List<JsonNode> all = new ArrayList<>();
        Optional<String> url = Optional.of(firstPage);
        while (url.isPresent()) {
            JsonPage page = github.getPageAsInstallation(url.get(), repository.installationId(), deadline);
            array(page.body(), url.get()).forEach(all::add);
            url = page.next();
        }
        return all;
    }

    static String firstPage(Phase phase, Repository repository, LocalDate since) {
        String repo = repoPath(repository);
        return switch (phase) {
            case PULL_REQUESTS -> repo + "/pulls?state=all&sort=updated&direction=desc&per_page=100";
            case DEPLOYMENTS -> repo + "/deployments?per_page=100";
            case WORKFLOW_RUNS -> repo + "/actions/runs?status=completed&per_page=100&created=%3E%3D" + since;
            case RELEASES -> repo + "/releases?per_page=100";
            case ISSUES -> repo + "/issues?state=all&sort=updated&direction=desc&per_page=100&since=" + since
                    + "T00:00:00Z";
            case DONE -> throw new IllegalStateException("no list after the last");
        };
    }

    private static String repoPath(Repository repository) {
        return "/repos/" + repository.owner() + "/" + repository.name();
    }

    private static boolean olderThan(JsonNode item, Phase phase, Instant from) {
        String field = phase == Phase.PULL_REQUESTS || phase == Phase.ISSUES ? "updated_at" : "created_at";
        if (!item.path(field).isTextual()) {
            return false; // not ours to judge: the shaping step dead-letters an object without its times
        }
        try {
            return Instant.parse(item.path(field).asText()).isBefore(from);
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static Iterable<JsonNode> items(Phase phase, String body, String url) {
        if (phase == Phase.WORKFLOW_RUNS) {
            JsonNode tree = tree(body, url);
            if (!tree.path("workflow_runs").isArray()) {
                throw new MalformedResponseException("GET " + path(url) + ": no workflow_runs array");
            }
            return tree.path("workflow_runs");
        }
        return array(body, url);
    }

    private static JsonNode array(String body, String url) {
        JsonNode tree = tree(body, url);
        if (!tree.isArray()) {
            throw new MalformedResponseException("GET " + path(url) + ": expected a JSON array");
        }
        return tree;
    }

    private static JsonNode tree(String body, String url) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedResponseException("GET " + path(url) + ": the answer is not JSON");
        }
    }

    private static String path(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
