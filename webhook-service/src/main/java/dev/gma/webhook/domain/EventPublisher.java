package dev.gma.webhook.domain;

import dev.gma.proto.v1.Event;

/** Where accepted deliveries go: the events topic in GCP mode, the events table locally. */
public interface EventPublisher {

    /**
     * Makes the event durable, with its payload inline or, when too large to inline, stored
     * whole elsewhere and referenced by {@code payload_uri}. Returns once durable; throws if not.
     */
    void publish(Event event, Payload payload) throws PublishException;
}
