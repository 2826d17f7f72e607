package dev.gma.backfill.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gma.backfill.model.EventRow;
import dev.gma.backfill.model.Repository;
import dev.gma.testing.Testdata;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The events the backfill writes have the shape of the webhook they stand for: the real webhook
 * fixtures of testdata/ are taken apart (their object as the REST API would list it, their repository,
 * organization and installation) and put together again; event name, action, the object under its key
 * and the enrichment columns (testdata/expected/enrichment.json, what the webhook service stores) agree.
 */
class WebhookEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode ENRICHMENT = read("expected/enrichment.json");

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "pull_request.closed.json, pull_request, closed",
        "pull_request_review.submitted.json, review, submitted",
        "deployment.created.json, deployment, created",
        "deployment_status.created.json, deployment_status, created",
        "workflow_run.completed.json, workflow_run, completed",
        "release.published.json, release, published",
        "issues.closed.json, issue, closed"})
    void aWebhookFixtureTakenApartAndPutTogetherHasItsNameActionObjectAndEnrichment(String fixture, String key,
                                                                                    String action) {
        JsonNode webhook = read(fixture);
        WebhookEvents shapes = new WebhookEvents(repository(webhook));
        JsonNode object = webhook.path(key);
        EventRow row = switch (key) {
            case "pull_request" -> shapes.pullRequest(object);
            case "review" -> shapes.review(object, webhook.path("pull_request"));
            case "deployment" -> shapes.deployment(object);
            case "deployment_status" -> shapes.deploymentStatus(object, webhook.path("deployment"));
            case "workflow_run" -> shapes.workflowRun(object);
            case "release" -> shapes.release(object);
            default -> shapes.issue(object);
        };
        JsonNode expected = ENRICHMENT.path(fixture);
        assertThat(row.event()).isEqualTo(expected.path("event").asText());
        assertThat(row.action()).isEqualTo(action).isEqualTo(expected.path("action").asText());
        assertThat(row.installationId()).isEqualTo(expected.path("installation_id").asLong());
        assertThat(row.organizationId()).isEqualTo(expected.path("organization_id").asLong());
        assertThat(row.organizationName()).isEqualTo(expected.path("organization_name").asText());
        assertThat(row.repositoryId()).isEqualTo(expected.path("repository_id").asLong());
        assertThat(row.repositoryFullName()).isEqualTo(expected.path("repository_full_name").asText());
        assertThat(row.enterpriseId()).isNull();
        JsonNode payload = parse(row.payload());
        assertThat(payload.path(key)).isEqualTo(object);
        assertThat(payload.path("repository")).isEqualTo(webhook.path("repository"));
        assertThat(payload.path("organization")).isEqualTo(webhook.path("organization"));
        assertThat(payload.path("installation").path("id")).isEqualTo(webhook.path("installation").path("id"));
        assertThat(row.senderLogin()).isNotBlank();
    }

    @Test
    void theSameStateHasTheSameDeliveryIdAndANewStateANewOne() {
        WebhookEvents shapes = new WebhookEvents(repository(read("pull_request.closed.json")));
        ObjectNode pr = (ObjectNode) read("pull_request.closed.json").path("pull_request");
        String first = shapes.pullRequest(pr).deliveryId();
        assertThat(shapes.pullRequest(pr.deepCopy()).deliveryId()).isEqualTo(first);
        pr.put("updated_at", "2030-01-01T00:00:00Z");
        assertThat(shapes.pullRequest(pr).deliveryId()).isNotEqualTo(first);
        // RFC 4122 version 3, as Python's uuid.uuid3(NAMESPACE, "pull_request:1:2026-01-01T00:00:00Z")
        assertThat(WebhookEvents.deliveryId("pull_request", "1", "2026-01-01T00:00:00Z")).matches(
                "[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }

    @Test
    void actionsFollowTheObjectsLatestState() {
        WebhookEvents shapes = new WebhookEvents(repository(read("pull_request.closed.json")));
        ObjectNode pr = (ObjectNode) read("pull_request.closed.json").path("pull_request");
        assertThat(shapes.pullRequest(pr.deepCopy().put("state", "open")).action()).isEqualTo("opened");
        ObjectNode release = (ObjectNode) read("release.published.json").path("release");
        assertThat(shapes.release(release.deepCopy().put("draft", true)).action()).isEqualTo("created");
        ObjectNode review = (ObjectNode) read("pull_request_review.submitted.json").path("review");
        assertThat(shapes.review(review.deepCopy().put("state", "dismissed"), pr).action()).isEqualTo("dismissed");
    }

    @Test
    void aUserAccountGivesNoOrganizationLikeGitHub() {
        JsonNode webhook = read("issues.closed.json");
        Repository user = new Repository(7, "mona/dotfiles", webhook.path("repository").toString(),
                "{\"login\":\"mona\",\"id\":1,\"type\":\"User\"}", "User");
        EventRow row = new WebhookEvents(user).issue(webhook.path("issue"));
        assertThat(parse(row.payload()).has("organization")).isFalse();
        assertThat(row.organizationName()).isNull();
        assertThat(row.installationId()).isEqualTo(7L);
    }

    @Test
    void brokenObjectsAreRefusedWithAReason() {
        WebhookEvents shapes = new WebhookEvents(repository(read("pull_request.closed.json")));
        ObjectNode pr = (ObjectNode) read("pull_request.closed.json").path("pull_request");
        Function<ObjectNode, EventRow> shape = shapes::pullRequest;
        assertThatThrownBy(() -> shape.apply(pr.deepCopy().put("id", "abc")))
                .hasMessageContaining("without a numeric id");
        ObjectNode noTime = pr.deepCopy();
        noTime.remove("updated_at");
        assertThatThrownBy(() -> shape.apply(noTime)).hasMessageContaining("has no updated_at");
        assertThatThrownBy(() -> new WebhookEvents(new Repository(1, "a/b", "[]", "{}", "User")))
                .hasMessageContaining("the repository is not a JSON object");
    }

    private static Repository repository(JsonNode webhook) {
        return new Repository(webhook.path("installation").path("id").asLong(),
                webhook.path("repository").path("full_name").asText(), webhook.path("repository").toString(),
                webhook.path("organization").toString(), "Organization");
    }

    private static JsonNode read(String name) {
        return parse(new String(Testdata.bytes(name), java.nio.charset.StandardCharsets.UTF_8));
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
