package dev.gma.github;

import java.time.Instant;

/** One entry of {@code GET /app/hook/deliveries}: one attempt to deliver one event. */
public record HookDelivery(long id, String guid, Instant deliveredAt, boolean redelivery, double duration,
                           String status, int statusCode, String event, String action, Long installationId,
                           Long repositoryId) {

    public boolean succeeded() {
        return statusCode >= 200 && statusCode < 300;
    }
}
