package dev.gma.webhook.domain;

/** What the HTTP layer hands over: the headers that matter and the raw body bytes. */
public record WebhookRequest(
        String contentType, String deliveryId, String event, String signature, String hookId, byte[] body) {}
