package dev.gma.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gma.system.FaultScenario.Outcome;
import dev.gma.system.FaultScenario.RetryRunResult;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The end state every fault scenario must reach, whatever carried the events. */
final class FaultAssertions {

    private FaultAssertions() {}

    static void verify(Outcome o) {
        int limit = o.settings().retryLimit();
        Set<String> sent = new HashSet<>(o.guids());
        Store.Snapshot store = o.store();

        assertThat(o.apiErrors()).as("GitHub API calls the fake refused (bad JWT, unknown path, ...)").isEmpty();
        assertThat(o.kills()).as("webhook processes killed with SIGKILL").isEqualTo(1);
        assertThat(o.failedWhileDown()).as("deliveries that failed to connect or timed out")
                .isGreaterThanOrEqualTo(o.settings().sentWhileDown());
        assertThat(o.publishFailureFraction()).as("injected faults over publish attempts")
                .isBetween(o.settings().failureRate() - 0.06, o.settings().failureRate() + 0.06);

        assertThat(o.retryRuns()).as("retry runs").isNotEmpty();
        for (RetryRunResult run : o.retryRuns()) {
            assertThat(run.status()).as("POST /retry answer " + run.summary()).isEqualTo(200);
            assertThat(run.summary().path("lock").asText()).as("lease of " + run.summary()).isEqualTo("taken");
        }
        assertThat(o.retryRuns().get(o.retryRuns().size() - 1).converged())
                .as("the last retry run found nothing left to redeliver (runs: %s)", o.retryRuns()).isTrue();

        // Nothing foreign, nothing twice in the deduplicated view.
        assertThat(sent).as("sent GUIDs").containsAll(store.eventRows().keySet());
        assertThat(store.uniqueEvents()).allSatisfy((guid, rows) -> assertThat(rows).as("events_unique rows of " + guid)
                .isEqualTo(1));

        // The dead letter holds exactly the GUIDs whose publish failures reached RETRY_LIMIT (normally none).
        Set<String> overLimit = store.publishFailures().entrySet().stream().filter(e -> e.getValue() >= limit)
                .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
        assertThat(store.deadLettered()).as("dead-lettered GUIDs = GUIDs with >= RETRY_LIMIT publish failures")
                .isEqualTo(overLimit);

        // None lost: every GUID is stored exactly once, or (legitimately) dead-lettered.
        Set<String> lost = new TreeSet<>(sent);
        lost.removeAll(store.uniqueEvents().keySet());
        lost.removeAll(store.deadLettered());
        assertThat(lost).as("GUIDs neither in events_unique nor dead-lettered").isEmpty();
        for (String guid : sent) {
            if (!store.deadLettered().contains(guid)) {
                assertThat(store.uniqueEvents().get(guid)).as("events_unique rows of " + guid).isEqualTo(1);
            }
        }

        // Redeliveries: capped per GUID, and the retry service's audit trail matches what GitHub saw.
        assertThat(o.redeliveryRequests()).allSatisfy((guid, n) -> assertThat(n)
                .as("redeliveries of " + guid).isLessThanOrEqualTo(limit));
        assertThat(store.redeliveryRows()).as("redeliveries table vs the fake's redelivery requests")
                .isEqualTo(o.redeliveryRequests());
    }
}
