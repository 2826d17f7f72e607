package dev.gma.webhook.gcp;

import dev.gma.config.Modes;
import io.micronaut.context.annotation.Requires;
import io.micronaut.gcp.pubsub.annotation.PubSubClient;
import io.micronaut.gcp.pubsub.annotation.Topic;
import java.util.concurrent.CompletableFuture;

/**
 * The two topics, through micronaut-gcp-pubsub (which also honours PUBSUB_EMULATOR_HOST).
 * Bodies are the already-encoded proto JSON, passed through as bytes. Both topics use the
 * publisher settings {@code gcp.pubsub.publisher.gma} (application-gcp.yml: batching).
 */
@PubSubClient
@Requires(env = Modes.GCP)
public interface EventsTopicClient {

    @Topic(value = "${gma.gcp.events-topic-id}", contentType = "application/json", configuration = "gma")
    CompletableFuture<String> publishEvent(byte[] message);

    @Topic(value = "${gma.gcp.dlq-events-topic-id}", contentType = "application/json", configuration = "gma")
    CompletableFuture<String> publishDeadLetter(byte[] message);
}
