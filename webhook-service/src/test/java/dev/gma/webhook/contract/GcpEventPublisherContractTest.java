package dev.gma.webhook.contract;

import dev.gma.proto.v1.Event;
import dev.gma.testing.PubSubEmulator;
import dev.gma.testing.RequiredTool;
import dev.gma.webhook.domain.DeadLetterPublisher;
import dev.gma.webhook.domain.EventMessages;
import dev.gma.webhook.domain.EventPublisher;
import dev.gma.webhook.gcp.PubSubEventPublisher;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The same contract against the GCP adapter, publishing to the official Pub/Sub emulator.
 * Without gcloud each test is reported skipped (GMA_REQUIRE_EMULATOR=true makes that a failure);
 * PubSubEventPublisherTest covers the adapter's decisions everywhere.
 */
class GcpEventPublisherContractTest extends EventPublisherContract {

    /** How long a published message may take to reach the subscription before the test fails. */
    private static final Duration ARRIVAL = Duration.ofSeconds(20);

    private static PubSubEmulator emulator;
    private static ApplicationContext context;
    private static PubSubEventPublisher publisher;
    private static final List<Event> published = new ArrayList<>();
    private static final List<Event> deadLettered = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        if (!RequiredTool.GCLOUD.present()) {
            return; // each test reports its skip (see skipWithoutTheEmulator)
        }
        emulator = PubSubEmulator.start();
        emulator.createTopic("events");
        emulator.createTopic("dlq");
        emulator.createSubscription("events-all", "events");
        emulator.createSubscription("dlq-all", "dlq");
        context = ApplicationContext.run(Map.of(
                "pubsub.emulator.host", emulator.hostPort(),
                "gcp.project-id", PubSubEmulator.PROJECT,
                "gma.gcp.project-id", PubSubEmulator.PROJECT,
                "gma.gcp.dataset-id", "ds",
                "gma.gcp.events-topic-id", "events",
                "gma.gcp.dlq-events-topic-id", "dlq",
                "gma.gcp.payload-bucket-name", "payloads",
                "gma.webhook.secret", "s"), "gcp");
        publisher = context.getBean(PubSubEventPublisher.class);
    }

    @BeforeEach
    void skipWithoutTheEmulator() {
        RequiredTool.GCLOUD.assumePresent();
    }

    @AfterAll
    static void stop() throws Exception {
        if (context != null) {
            context.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    @Override
    protected EventPublisher publisher() {
        return publisher;
    }

    @Override
    protected DeadLetterPublisher deadLetters() {
        return publisher;
    }

    @Override
    protected List<Event> publishedEvents(Collection<String> awaited) throws Exception {
        return drain("events-all", published, awaited);
    }

    @Override
    protected List<Event> deadLetteredEvents(Collection<String> awaited) throws Exception {
        return drain("dlq-all", deadLettered, awaited);
    }

    /**
     * Pulls (and acknowledges) until every awaited delivery id has been read, or fails after
     * {@link #ARRIVAL}: a publish returns once the emulator accepted the message, but a pull may
     * still come back empty for a moment.
     */
    private static List<Event> drain(String subscription, List<Event> seen, Collection<String> awaited) throws Exception {
        long deadline = System.nanoTime() + ARRIVAL.toNanos();
        while (true) {
            List<PubSubEmulator.Message> batch = emulator.pull(subscription, 100);
            for (PubSubEmulator.Message m : batch) {
                seen.add(EventMessages.fromJson(m.data()));
            }
            emulator.acknowledge(subscription, batch);
            Set<String> ids = seen.stream().map(Event::getDeliveryId).collect(Collectors.toSet());
            if (ids.containsAll(awaited)) {
                return seen;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not read from " + subscription + " within " + ARRIVAL + ": "
                        + awaited.stream().filter(id -> !ids.contains(id)).toList());
            }
            if (batch.isEmpty()) {
                Thread.sleep(50);
            }
        }
    }
}
