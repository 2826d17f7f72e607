package dev.gma.webhook.events;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A validated report, with what it becomes in the {@code events} table: {@code event},
 * {@code action}, {@code delivery_id} derived from the reporter's id (so a report sent twice is
 * one row after dedupe), and the repository columns. The payload is the body as received.
 *
 * @param id                 the reporter's id (for PagerDuty, the webhook event's id)
 * @param repositoryFullName {@code owner/name}, or null
 * @param organizationName   the owner part of the repository, or null
 */
public record Report(String event, String action, String id, String deliveryId, String repositoryFullName,
                     String organizationName) {

    public static final String DEPLOYMENT = "custom_deployment";
    public static final String INCIDENT = "custom_incident";
    public static final String PAGERDUTY = "pagerduty";

    /** {@code custom_deployment:<id>}. */
    public static String deploymentDeliveryId(String id) {
        return nameUuid(DEPLOYMENT + ":" + id);
    }

    /** {@code custom_incident:<id>:<opened|resolved>}: the open and the resolve are two deliveries. */
    public static String incidentDeliveryId(String id, String action) {
        return nameUuid(INCIDENT + ":" + id + ":" + action);
    }

    /** {@code pagerduty:<event.id>}. */
    public static String pagerDutyDeliveryId(String eventId) {
        return nameUuid(PAGERDUTY + ":" + eventId);
    }

    private static String nameUuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
