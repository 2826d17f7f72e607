package dev.gma.webhook.domain;

/**
 * One verified delivery: the headers we keep and its JSON payload (already decoded from a form
 * body if it came as one). {@code hookId} may be null.
 */
public record Delivery(String deliveryId, String event, String signature, String hookId, Payload payload) {}
