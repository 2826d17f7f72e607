package dev.gma.webhook.domain;

/**
 * What the HTTP layer hands over: the headers that matter and the body, read only after the
 * headers passed. {@code contentLength} is null for a chunked body.
 */
public record WebhookRequest(String contentType, String deliveryId, String event, String signature, String hookId,
                             Long contentLength, RequestBody body) {}
