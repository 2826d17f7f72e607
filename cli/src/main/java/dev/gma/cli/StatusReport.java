package dev.gma.cli;

import java.time.Instant;
import java.util.Map;

/**
 * What {@code gma status} shows: the last 24 hours of the pipeline.
 *
 * @param since              start of the period
 * @param eventsByType       event name to distinct deliveries received since then
 * @param publishFailures    failed publishes since then
 * @param deadLetters        dead letters waiting (null where it cannot be counted)
 * @param lastCheckpoint     where the last retry run stopped (delivery id and time), or null
 * @param redeliveries       redeliveries asked for since then, by outcome
 * @param leech              workflow runs handled by the leech since then, by status
 */
public record StatusReport(Instant since, Map<String, Long> eventsByType, long publishFailures, Long deadLetters,
        Map<String, String> lastCheckpoint, Map<String, Long> redeliveries, Map<String, Long> leech) {

    String human() {
        StringBuilder out = new StringBuilder("since " + since + "\n");
        long total = eventsByType.values().stream().mapToLong(Long::longValue).sum();
        out.append(String.format("events: %d%n", total));
        eventsByType.forEach((event, n) -> out.append(String.format("  %-28s %d%n", event, n)));
        out.append(String.format("publish failures: %d%n", publishFailures));
        out.append("dead letters waiting: ").append(deadLetters == null ? "see the dlq_backlog alert" : deadLetters).append('\n');
        out.append("last retry run: ").append(lastCheckpoint == null ? "none yet"
                : "checkpoint " + lastCheckpoint.get("delivery_id") + " at " + lastCheckpoint.get("created")).append('\n');
        out.append("redeliveries: ").append(redeliveries.isEmpty() ? "none" : redeliveries).append('\n');
        out.append("leech: ").append(leech.isEmpty() ? "none" : leech).append('\n');
        return out.toString();
    }
}
