package dev.gma.webhook.contract;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gma.proto.v1.Event;
import dev.gma.testing.PubSubEmulator;
import dev.gma.webhook.domain.DeadLetterPublisher;
import dev.gma.webhook.domain.EventMessages;
import dev.gma.webhook.domain.EventPublisher;
import dev.gma.webhook.gcp.PubSubEventPublisher;
import io.micronaut.context.ApplicationContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The same contract against the GCP adapter, publishing to the official Pub/Sub emulator. */
class GcpEventPublisherContractTest extends EventPublisherContract {

    private static PubSubEmulator emulator;
    private static ApplicationContext context;
    private static PubSubEventPublisher publisher;
    private static final List<Event> published = new ArrayList<>();
    private static final List<Event> deadLettered = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(PubSubEmulator.installed(), "gcloud (Pub/Sub emulator) is not installed: GCP contract skipped");
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
    protected List<Event> publishedEvents() throws Exception {
        return drain("events-all", published);
    }

    @Override
    protected List<Event> deadLetteredEvents() throws Exception {
        return drain("dlq-all", deadLettered);
    }

    /** Publishing returned only after the emulator accepted the message, so one short pull suffices. */
    private static List<Event> drain(String subscription, List<Event> seen) throws Exception {
        for (String json : emulator.pull(subscription, Integer.MAX_VALUE, Duration.ofMillis(500))) {
            seen.add(EventMessages.fromJson(json.getBytes(StandardCharsets.UTF_8)));
        }
        return seen;
    }
}
