package dev.gma.webhook.domain;

/**
 * One delivery as GitHub sent it: the headers we keep and the JSON payload (already decoded
 * from a form body if it came as one). {@code hookId} may be null.
 */
public record Delivery(String deliveryId, String event, String signature, String hookId, byte[] payload) {}
