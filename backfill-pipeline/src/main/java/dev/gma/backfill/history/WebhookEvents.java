package dev.gma.backfill.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gma.backfill.model.EventRow;
import dev.gma.backfill.model.Repository;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Turns an object read from GitHub's REST API into the event a webhook would have carried for its
 * latest state: the same event name and action, the object under the same key, plus
 * {@code repository}, {@code organization} (organization accounts only, as GitHub does),
 * {@code installation} and {@code sender}. The enrichment columns are read from that payload by
 * the webhook service's rules (PayloadParser: top-level objects, scalar values only).
 *
 * <p>The delivery id is a name-based (version 3) UUID of event name, object id and the object's
 * {@code updated_at} (or the time that stands for it), so the same state always gets the same id
 * and a second launch adds no distinct delivery.
 */
public final class WebhookEvents {

    /** Namespace of backfill delivery ids (a fixed random UUID): they never collide with GitHub's GUIDs' meaning. */
    public static final UUID NAMESPACE = UUID.fromString("6f1c3f0e-6a57-4f59-9a8e-1b7c0c2d5e11");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An object that cannot become an event (no id, no time): dead-lettered, the rest of the page goes on. */
    public static final class UnusableObjectException extends RuntimeException {
        public UnusableObjectException(String message) {
            super(message);
        }
    }

    private final Repository repository;
    private final JsonNode repositoryJson;
    private final JsonNode account;

    public WebhookEvents(Repository repository) {
        this.repository = repository;
        this.repositoryJson = parse(repository.repositoryJson(), "the repository");
        this.account = parse(repository.accountJson(), "the installation's account");
    }

    /** {@code pull_request}: opened while open, closed once closed (merged or not). */
    public EventRow pullRequest(JsonNode pr) {
        String action = "closed".equals(pr.path("state").asText()) ? "closed" : "opened";
        ObjectNode payload = payload(action);
        if (pr.path("number").canConvertToLong()) {
            payload.put("number", pr.path("number").asLong()); // the webhook carries it beside the object
        }
        payload.set("pull_request", pr);
        return event("pull_request", action, payload, id(pr, "pull_request"), pr.path("user"), time(pr, "updated_at"));
    }

    /** {@code pull_request_review}: submitted (dismissed when GitHub says so), with its pull request. */
    public EventRow review(JsonNode review, JsonNode pr) {
        String action = "DISMISSED".equalsIgnoreCase(review.path("state").asText()) ? "dismissed" : "submitted";
        String version = review.path("submitted_at").isTextual() ? time(review, "submitted_at") : "pending";
        return event("pull_request_review", action, "review", review, "pull_request", pr, review.path("user"), version);
    }

    /** {@code deployment}: created. */
    public EventRow deployment(JsonNode deployment) {
        return event("deployment", "created", "deployment", deployment, null, null, deployment.path("creator"),
                time(deployment, "updated_at", "created_at"));
    }

    /** {@code deployment_status}: created, with its deployment. */
    public EventRow deploymentStatus(JsonNode status, JsonNode deployment) {
        return event("deployment_status", "created", "deployment_status", status, "deployment", deployment,
                status.path("creator"), time(status, "updated_at", "created_at"));
    }

    /** {@code workflow_run}: completed (only completed runs are read). */
    public EventRow workflowRun(JsonNode run) {
        JsonNode actor = run.path("triggering_actor").isObject() ? run.path("triggering_actor") : run.path("actor");
        ObjectNode payload = payload("completed");
        payload.set("workflow_run", run);
        return event("workflow_run", "completed", payload, id(run, "workflow_run"), actor, time(run, "updated_at"));
    }

    /** {@code release}: published once published, created while a draft. */
    public EventRow release(JsonNode release) {
        boolean published = release.path("published_at").isTextual() && !release.path("draft").asBoolean(false);
        return event("release", published ? "published" : "created", "release", release, null, null,
                release.path("author"), time(release, "published_at", "created_at"));
    }

    /** {@code issues}: opened while open, closed once closed; labels (incident ones too) come along whole. */
    public EventRow issue(JsonNode issue) {
        String action = "closed".equals(issue.path("state").asText()) ? "closed" : "opened";
        return event("issues", action, "issue", issue, null, null, issue.path("user"), time(issue, "updated_at"));
    }

    private EventRow event(String name, String action, String key, JsonNode object, String otherKey, JsonNode other,
                           JsonNode sender, String version) {
        ObjectNode payload = payload(action);
        payload.set(key, object);
        if (otherKey != null) {
            payload.set(otherKey, other);
        }
        return event(name, action, payload, id(object, key), sender, version);
    }

    private ObjectNode payload(String action) {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("action", action);
        return payload;
    }

    private EventRow event(String name, String action, ObjectNode payload, String objectId, JsonNode sender,
                           String version) {
        payload.set("repository", repositoryJson);
        if (repository.organization()) {
            payload.set("organization", account);
        }
        ObjectNode installation = payload.putObject("installation");
        installation.put("id", repository.installationId());
        if (sender != null && sender.isObject()) {
            payload.set("sender", sender);
        }
        String text;
        try {
            text = JSON.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
        return row(deliveryId(name, objectId, version), name, payload, text);
    }

    /**
     * The events row of a payload: the enrichment columns read by the webhook service's rules
     * (PayloadParser): {@code action} and the first level of {@code installation}, {@code enterprise},
     * {@code organization}, {@code repository} and {@code sender}; a number only where the JSON has a
     * number, a text only where it has a string.
     */
    public static EventRow row(String deliveryId, String event, JsonNode payload, String payloadText) {
        return new EventRow(deliveryId, event, payload.path("action").isTextual() ? payload.path("action").asText() : null,
                payloadText, number(payload, "installation", "id"), number(payload, "enterprise", "id"),
                text(payload, "enterprise", "slug"), number(payload, "organization", "id"),
                text(payload, "organization", "login"), number(payload, "repository", "id"),
                text(payload, "repository", "full_name"), text(payload, "sender", "login"));
    }

    /** Version 3 UUID of {@code event:objectId:version} in {@link #NAMESPACE} (RFC 4122, as Python's uuid3). */
    public static String deliveryId(String event, String objectId, String version) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            ByteBuffer ns = ByteBuffer.allocate(16);
            ns.putLong(NAMESPACE.getMostSignificantBits()).putLong(NAMESPACE.getLeastSignificantBits());
            md5.update(ns.array());
            md5.update((event + ":" + objectId + ":" + version).getBytes(StandardCharsets.UTF_8));
            byte[] hash = md5.digest();
            hash[6] = (byte) ((hash[6] & 0x0f) | 0x30);
            hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
            ByteBuffer b = ByteBuffer.wrap(hash);
            return new UUID(b.getLong(), b.getLong()).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is always present", e);
        }
    }

    private static String id(JsonNode object, String what) {
        if (!object.isObject() || !object.path("id").canConvertToLong()) {
            throw new UnusableObjectException(what + " without a numeric id");
        }
        return object.path("id").asText();
    }

    /** The first of {@code fields} that is a text (a timestamp): the version of the object's state. */
    private static String time(JsonNode object, String... fields) {
        for (String field : fields) {
            if (object.path(field).isTextual() && !object.path(field).asText().isBlank()) {
                return object.path(field).asText();
            }
        }
        throw new UnusableObjectException("object " + object.path("id").asText("?") + " has no "
                + String.join(" or ", fields));
    }

    /** As PayloadParser: a number only when the value is a JSON number. */
    private static Long number(JsonNode payload, String object, String field) {
        JsonNode v = payload.path(object).path(field);
        return v.isNumber() ? v.longValue() : null;
    }

    /** As PayloadParser: a text only when the value is a JSON string. */
    private static String text(JsonNode payload, String object, String field) {
        JsonNode v = payload.path(object).path(field);
        return v.isTextual() ? v.asText() : null;
    }

    private static JsonNode parse(String json, String what) {
        try {
            JsonNode node = JSON.readTree(json == null ? "" : json);
            if (node == null || !node.isObject()) {
                throw new UnusableObjectException(what + " is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new UnusableObjectException(what + " is not JSON");
        }
    }
}
