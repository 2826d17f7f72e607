package dev.gma.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.pubsub.v1.Publisher;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.TopicName;
import dev.gma.cli.gcp.PubSubDeadLetters;
import dev.gma.testing.PubSubEmulator;
import dev.gma.testing.RequiredTool;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * gma dlq replay in GCP mode against the Pub/Sub emulator: letters move from the dead-letter
 * subscription to the events topic unchanged (claim check included), an interrupted replay loses
 * nothing and a second one adds nothing. Skipped by name without gcloud; a failure with
 * GMA_REQUIRE_EMULATOR=true.
 */
class PubSubReplayTest {

    static PubSubEmulator emulator;
    static int round;
    String events;
    String dlq;

    @BeforeAll
    static void startTheEmulator() throws Exception {
        if (RequiredTool.GCLOUD.present()) {
            emulator = PubSubEmulator.start();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (emulator != null) {
            emulator.close();
        }
    }

    @BeforeEach
    void freshTopics() throws Exception {
        RequiredTool.GCLOUD.assumePresent();
        round++;
        events = "events-" + round;
        dlq = "dlq-" + round;
        emulator.createTopic(events);
        emulator.createTopic(dlq);
        emulator.createSubscription(events + "-all", events);
        emulator.createSubscription(dlq + "-sub", dlq);
    }

    Map<String, String> env() {
        return Map.of("PROJECT_ID", PubSubEmulator.PROJECT, "EVENTS_TOPIC_ID", events,
                "DLQ_SUBSCRIPTION_ID", dlq + "-sub", "PUBSUB_EMULATOR_HOST", emulator.hostPort());
    }

    void deadLetter(String... ids) throws Exception {
        ManagedChannel channel = ManagedChannelBuilder.forTarget(emulator.hostPort()).usePlaintext().build();
        Publisher publisher = Publisher.newBuilder(TopicName.of(PubSubEmulator.PROJECT, dlq))
                .setChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)))
                .setCredentialsProvider(NoCredentialsProvider.create()).build();
        try {
            for (String id : ids) {
                String json = "{\"delivery_id\":\"" + id + "\",\"event\":\"push\",\"received\":\"2026-11-29T10:00:00Z\","
                        + "\"payload_uri\":\"gs://payloads/" + id + "\"}";
                publisher.publish(PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8(json)).build()).get(10, TimeUnit.SECONDS);
            }
        } finally {
            publisher.shutdown();
            publisher.awaitTermination(10, TimeUnit.SECONDS);
            channel.shutdownNow();
        }
    }

    @Test
    void replayMovesEveryLetterOnceWithItsClaimCheck() throws Exception {
        deadLetter("g-1", "g-2", "g-3");
        LocalCommandsTest.Run first = LocalCommandsTest.gma(env(), "dlq", "replay", "--limit", "2");
        assertThat(first.exit()).as(first.err()).isZero();
        LocalCommandsTest.Run rest = LocalCommandsTest.gma(env(), "dlq", "replay");
        assertThat(rest.out()).contains("\"replayed\":1");
        List<String> bodies = emulator.pull(events + "-all", 3, Duration.ofSeconds(10));
        assertThat(bodies).hasSize(3).allMatch(b -> b.contains("\"payload_uri\":\"gs://payloads/"));
        assertThat(LocalCommandsTest.gma(env(), "dlq", "replay").out()).contains("\"replayed\":0");
    }

    @Test
    void anInterruptedReplayLosesNothing() throws Exception {
        deadLetter("h-1", "h-2", "h-3", "h-4");
        AtomicInteger calls = new AtomicInteger();
        PubSubDeadLetters.Republisher failsOnTheThird = new PubSubDeadLetters.Republisher() {
            @Override
            public void publish(PubsubMessage message) throws Exception {
                if (calls.incrementAndGet() == 3) {
                    throw new IllegalStateException("events topic unavailable");
                }
                realPublish(message);
            }

            @Override
            public void close() {}
        };
        CliSettings settings = CliSettings.from(env());
        int first;
        try (PubSubDeadLetters letters = PubSubDeadLetters.connect(settings, failsOnTheThird)) {
            DeadLetters.ReplaySummary s = letters.replay(10, null, line -> {});
            assertThat(s.failed()).isEqualTo(1);
            // the replay stops after the batch with the failure: the letters of that batch pulled
            // after it still went (2 or 3, as the emulator batches its answer)
            assertThat(s.replayed()).isBetween(2, 3);
            first = s.replayed();
        }
        LocalCommandsTest.Run resumed = LocalCommandsTest.gma(env(), "dlq", "replay");
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("\"replayed\":" + (4 - first));
        List<String> ids = new ArrayList<>();
        for (String body : emulator.pull(events + "-all", 5, Duration.ofSeconds(3))) {
            ids.add(body.replaceAll(".*\"delivery_id\":\"([^\"]+)\".*", "$1"));
        }
        assertThat(ids).as("each letter exactly once on the events topic").containsExactlyInAnyOrder("h-1", "h-2", "h-3", "h-4");
    }

    @Test
    void listLeavesTheLettersInPlace() throws Exception {
        deadLetter("l-1", "l-2");
        LocalCommandsTest.Run list = LocalCommandsTest.gma(env(), "dlq", "list");
        assertThat(list.out()).contains("l-1", "l-2");
        assertThat(LocalCommandsTest.gma(env(), "dlq", "replay").out()).contains("\"replayed\":2");
    }

    /** Publishes to the test's events topic through a plain publisher (what the real republisher does). */
    void realPublish(PubsubMessage message) throws Exception {
        ManagedChannel channel = ManagedChannelBuilder.forTarget(emulator.hostPort()).usePlaintext().build();
        Publisher publisher = Publisher.newBuilder(TopicName.of(PubSubEmulator.PROJECT, events))
                .setChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)))
                .setCredentialsProvider(NoCredentialsProvider.create()).build();
        try {
            publisher.publish(message).get(10, TimeUnit.SECONDS);
        } finally {
            publisher.shutdown();
            publisher.awaitTermination(10, TimeUnit.SECONDS);
            channel.shutdownNow();
        }
    }
}
