package dev.gma.github;

import java.time.Instant;

/**
 * One entry of {@code GET /app/hook/deliveries}: one attempt to deliver one event. All
 * attempts of one event share its {@code guid}. {@code id}, {@code guid} and {@code statusCode}
 * are always present; the other reference fields are null when GitHub leaves them out
 * ({@code action} is null for events without one, e.g. {@code ping}).
 */
public record HookDelivery(long id, String guid, Instant deliveredAt, boolean redelivery, double duration,
                           String status, int statusCode, String event, String action, Long installationId,
                           Long repositoryId) {

    /** Whether our endpoint accepted this attempt (any 2xx). */
    public boolean succeeded() {
        return statusCode >= 200 && statusCode < 300;
    }
}
