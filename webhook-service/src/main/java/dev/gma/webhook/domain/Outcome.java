package dev.gma.webhook.domain;

/** What became of a delivery; the HTTP layer maps each to its status code. */
public enum Outcome {
    /** Published (GCP) or stored (local). */
    STORED,
    /** Publishing failed RETRY_LIMIT times; the event is in the dead-letter topic or table. */
    DEAD_LETTERED,
    /** Publishing failed and was recorded; GitHub will show a failed delivery to redeliver. */
    FAILED
}
