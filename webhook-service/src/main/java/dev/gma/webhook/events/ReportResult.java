package dev.gma.webhook.events;

import dev.gma.webhook.domain.Outcome;
import java.util.List;

/**
 * The answer to a reporter: 201 with the report's {@code id}, its {@code delivery_id} and the
 * {@code outcome} (stored, or dead_lettered once publishing failed RETRY_LIMIT times); 500 when
 * publishing failed (send the same report again); 400, 401, 413, 415 with {@code errors}.
 */
public record ReportResult(int status, String id, String deliveryId, Outcome outcome, List<String> errors) {

    static ReportResult rejected(int status, String... errors) {
        return new ReportResult(status, null, null, null, List.of(errors));
    }

    static ReportResult rejected(int status, List<String> errors) {
        return new ReportResult(status, null, null, null, List.copyOf(errors));
    }
}
