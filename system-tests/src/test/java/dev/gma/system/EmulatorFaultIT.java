package dev.gma.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gma.store.sqlite.SqliteDatabase;
import dev.gma.config.TestHooks;
import dev.gma.testing.PubSubEmulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault test with the Pub/Sub emulator in the path: the webhook service runs in GCP mode and
 * publishes to the official emulator; the test plays the BigQuery subscriptions (events and
 * dead letters pulled into the local store) and BigQuery's failure_events table; the retry
 * service (local mode) reads that store. Skipped where gcloud is not installed.
 */
class EmulatorFaultIT {

    private static final String EVENTS_SUBSCRIPTION = "events-bigquery";
    private static final String DLQ_SUBSCRIPTION = "dlq-bigquery";

    @TempDir Path dataDir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void everyGuidIsStoredExactlyOnceThroughPubSubDespitePublishFaultsAndAKill9() throws Exception {
        assumeTrue(PubSubEmulator.installed(), "gcloud (Pub/Sub emulator) is not installed: EmulatorFaultIT skipped");
        SqliteDatabase store = SqliteDatabase.openInDataDir(dataDir);
        FaultScenario.Outcome outcome;
        try (PubSubEmulator emulator = PubSubEmulator.start(); BigQueryFake bigQuery = BigQueryFake.start(store)) {
            emulator.createTopic("events");
            emulator.createTopic("dlq");
            emulator.createSubscription(EVENTS_SUBSCRIPTION, "events");
            emulator.createSubscription(DLQ_SUBSCRIPTION, "dlq");
            try (EventPump pump = new EventPump(emulator, store,
                    Map.of(EVENTS_SUBSCRIPTION, "events", DLQ_SUBSCRIPTION, "dead_letter_events"))) {
                outcome = new FaultScenario(FaultScenario.Settings.standard(),
                        new Gcp(dataDir, emulator, bigQuery, pump)).run();
            }
            assertThat(bigQuery.errors()).as("unexpected BigQuery / Cloud Storage calls").isEmpty();
            System.out.println(outcome.report() + "BigQuery answers lost to the kill: " + bigQuery.answersLost());
        }
        FaultAssertions.verify(outcome);
    }

    /** GCP mode against the emulator; BigQuery and Cloud Storage hosts point at the BigQuery fake. */
    private record Gcp(Path dataDir, PubSubEmulator emulator, BigQueryFake bigQuery, EventPump pump)
            implements FaultScenario.Backend {

        @Override
        public String name() {
            return "pubsub-emulator";
        }

        @Override
        public Map<String, String> webhookEnv() {
            return Map.of(
                    "PROJECT_ID", PubSubEmulator.PROJECT,
                    // the JSON log layout asks for the project; given here, it never asks a metadata server
                    "GOOGLE_CLOUD_PROJECT", PubSubEmulator.PROJECT,
                    "DATASET_ID", "ds",
                    "EVENTS_TOPIC_ID", "events",
                    "DLQ_EVENTS_TOPIC_ID", "dlq",
                    "PAYLOAD_BUCKET_NAME", "payloads",
                    "PUBSUB_EMULATOR_HOST", emulator.hostPort());
        }

        @Override
        public List<String> webhookJvmArgs() {
            return List.of(
                    "-Dpubsub.emulator.host=" + emulator.hostPort(),
                    // test hooks: system properties, honoured only in the Micronaut environment "test"
                    "-Dmicronaut.environments=test",
                    "-D" + TestHooks.BIGQUERY_HOST + "=" + bigQuery.baseUrl(),
                    "-D" + TestHooks.STORAGE_HOST + "=" + bigQuery.baseUrl());
        }

        /** What the webhook published is in the store once the pump has drained the subscriptions. */
        @Override
        public void settle() throws Exception {
            pump.awaitDrained(Duration.ofSeconds(60));
        }
    }
}
