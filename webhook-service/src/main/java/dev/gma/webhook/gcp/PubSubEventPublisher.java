package dev.gma.webhook.gcp;

import dev.gma.proto.v1.Event;
import dev.gma.webhook.domain.DeadLetterPublisher;
import dev.gma.webhook.domain.EventJson;
import dev.gma.webhook.domain.EventPublisher;
import dev.gma.webhook.domain.Payload;
import dev.gma.webhook.domain.PublishException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * GCP adapter of the publishing ports: the event, JSON-encoded with proto field names, goes to
 * the events topic (or the dead-letter topic). A payload too large for a message goes to the
 * payload bucket first and the message carries {@code payload_uri} instead. That upload blocks,
 * so it runs on the blocking executor, never on the caller's thread (a Netty event loop on the
 * in-memory request path).
 */
public class PubSubEventPublisher implements EventPublisher, DeadLetterPublisher {

    private final EventsTopicClient topics;
    private final PayloadArchive archive;
    private final int maxMessageBytes;
    private final Duration timeout;
    private final Executor blocking;

    public PubSubEventPublisher(EventsTopicClient topics, PayloadArchive archive, int maxMessageBytes,
                                Duration timeout, Executor blocking) {
        this.topics = topics;
        this.archive = archive;
        this.maxMessageBytes = maxMessageBytes;
        this.timeout = timeout;
        this.blocking = blocking;
    }

    /** Completes on the Pub/Sub client's callback thread once the message is acked. */
    @Override
    public CompletableFuture<Void> publish(Event event, Payload payload) {
        byte[] inline;
        try {
            inline = inlineMessage(event, payload);
        } catch (PublishException e) {
            return PublishException.failed(e);
        }
        if (inline != null) {
            return send(inline);
        }
        return PublishException.offload(() -> claimChecked(event, payload), blocking).thenCompose(this::send);
    }

    private CompletableFuture<Void> send(byte[] message) {
        try {
            return PublishException.within(topics.publishEvent(message), timeout, "publishing to the events topic");
        } catch (RuntimeException e) {
            return PublishException.failed(new PublishException("publishing to the events topic failed: " + e.getMessage(), e));
        }
    }

    /** Blocking: called on the failure path only, off the event loop. */
    @Override
    public void deadLetter(Event event, Payload payload, String lastError) throws PublishException {
        byte[] message = inlineMessage(event, payload);
        PublishException.await(topics.publishDeadLetter(message != null ? message : claimChecked(event, payload)),
                timeout, "publishing to the dead-letter topic");
    }

    /** The encoded message with the payload inline, or null when it would exceed the message size we allow. */
    private byte[] inlineMessage(Event event, Payload payload) throws PublishException {
        try {
            if (payload.size() <= maxMessageBytes) {
                byte[] json = EventJson.encode(event, payload.bytes());
                if (json.length <= maxMessageBytes) {
                    return json;
                }
            }
            return null;
        } catch (IOException e) {
            throw new PublishException("reading the payload failed: " + e.getMessage(), e);
        }
    }

    /** Stores the payload in the bucket (blocking) and returns the message that points at it. */
    private byte[] claimChecked(Event event, Payload payload) throws PublishException {
        String uri = archive.store(event.getDeliveryId(), payload);
        return EventJson.encode(event.toBuilder().setPayloadUri(uri).build(), null);
    }

}
