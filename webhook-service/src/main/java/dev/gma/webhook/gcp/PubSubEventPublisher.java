package dev.gma.webhook.gcp;

import dev.gma.proto.v1.Event;
import dev.gma.webhook.domain.DeadLetterPublisher;
import dev.gma.webhook.domain.EventJson;
import dev.gma.webhook.domain.EventPublisher;
import dev.gma.webhook.domain.Payload;
import dev.gma.webhook.domain.PublishException;
import java.io.IOException;
import java.time.Duration;

/**
 * GCP adapter of the publishing ports: the event, JSON-encoded with proto field names, goes to
 * the events topic (or the dead-letter topic). A payload too large for a message goes to the
 * payload bucket first and the message carries {@code payload_uri} instead.
 */
public class PubSubEventPublisher implements EventPublisher, DeadLetterPublisher {

    private final EventsTopicClient topics;
    private final PayloadArchive archive;
    private final int maxMessageBytes;
    private final Duration timeout;

    public PubSubEventPublisher(EventsTopicClient topics, PayloadArchive archive, int maxMessageBytes,
                                Duration timeout) {
        this.topics = topics;
        this.archive = archive;
        this.maxMessageBytes = maxMessageBytes;
        this.timeout = timeout;
    }

    @Override
    public void publish(Event event, Payload payload) throws PublishException {
        PublishException.await(topics.publishEvent(message(event, payload)), timeout, "publishing to the events topic");
    }

    @Override
    public void deadLetter(Event event, Payload payload, String lastError) throws PublishException {
        PublishException.await(topics.publishDeadLetter(message(event, payload)), timeout, "publishing to the dead-letter topic");
    }

    /** The encoded message, claim-checked when it would exceed the message size we allow. */
    private byte[] message(Event event, Payload payload) throws PublishException {
        try {
            if (payload.size() <= maxMessageBytes) {
                byte[] json = EventJson.encode(event, payload.bytes());
                if (json.length <= maxMessageBytes) {
                    return json;
                }
            }
        } catch (IOException e) {
            throw new PublishException("reading the payload failed: " + e.getMessage(), e);
        }
        String uri = archive.store(event.getDeliveryId(), payload);
        return EventJson.encode(event.toBuilder().setPayloadUri(uri).build(), null);
    }

}
