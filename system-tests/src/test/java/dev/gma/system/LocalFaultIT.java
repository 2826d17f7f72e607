package dev.gma.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault test in local mode: the webhook service writes events, failures and dead letters
 * straight into SQLite, and the retry service reads the same store. See docs/fault-test.md.
 */
class LocalFaultIT {

    @TempDir Path dataDir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void everyGuidIsStoredExactlyOnceDespitePublishFaultsAndAKill9() throws Exception {
        FaultScenario.Outcome outcome = new FaultScenario(FaultScenario.Settings.standard(), new Local(dataDir, "local"))
                .run();
        System.out.println(outcome.report());
        FaultAssertions.verify(outcome);
    }

    /**
     * The same with RETRY_LIMIT 3, so that about 0.35^3 = 4 % of the GUIDs legitimately exhaust it:
     * the dead letter must then hold exactly those, and every other GUID must be stored.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void withALowRetryLimitExactlyTheGuidsThatReachedItAreDeadLettered() throws Exception {
        FaultScenario.Outcome outcome = new FaultScenario(FaultScenario.Settings.standard().withRetryLimit(3),
                new Local(dataDir, "local-limit-3")).run();
        System.out.println(outcome.report());
        FaultAssertions.verify(outcome);
        assertThat(outcome.store().deadLettered()).as("dead-lettered GUIDs").isNotEmpty();
    }

    /** Local mode: the webhook's 201 means the row is committed, so there is nothing to wait for. */
    private record Local(Path dataDir, String name) implements FaultScenario.Backend {
        @Override
        public Map<String, String> webhookEnv() {
            return Map.of();
        }

        @Override
        public List<String> webhookJvmArgs() {
            return List.of();
        }

        @Override
        public void settle() {
            // nothing in between
        }
    }
}
