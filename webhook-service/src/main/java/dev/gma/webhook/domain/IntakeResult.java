package dev.gma.webhook.domain;

import java.util.List;

/**
 * The answer to GitHub, decided in one place (the status contract of the brief, section 4):
 * 201 stored or dead-lettered, 400 bad request, 401 bad signature, 413 too large,
 * 415 wrong content type, 500 publish failed and recorded (GitHub shows a failed delivery).
 */
public record IntakeResult(int status, Outcome outcome, List<String> errors) {

    static IntakeResult of(Outcome outcome) {
        return new IntakeResult(outcome == Outcome.FAILED ? 500 : 201, outcome,
                outcome == Outcome.FAILED ? List.of("publishing the event failed; GitHub will redeliver it") : List.of());
    }

    static IntakeResult rejected(int status, String... errors) {
        return new IntakeResult(status, null, List.of(errors));
    }
}
