package dev.gma.webhook.domain;

import dev.gma.proto.v1.Event;

/** Where accepted deliveries go: the events topic in GCP mode, the events table locally. */
public interface EventPublisher {

    /** Returns once the event is durably accepted; throws if it is not. */
    void publish(Event event) throws PublishException;
}
