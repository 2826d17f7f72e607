package dev.gma.leech.model;

import java.io.Serializable;

/**
 * A completed {@code workflow_run} event still waiting for its logs, as read from the store.
 *
 * @param deliveryId the event's delivery GUID
 * @param payload    the JSON payload, or null when it was too big to keep inline
 * @param payloadUri where the payload was stored instead (a file path or {@code gs://} URI), or null
 * @param attempt    which attempt of the copy this is (1 + earlier FAILURE rows)
 */
public record PendingEvent(String deliveryId, String payload, String payloadUri, int attempt)
        implements Serializable {}
