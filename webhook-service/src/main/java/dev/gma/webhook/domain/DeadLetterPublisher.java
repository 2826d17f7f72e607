package dev.gma.webhook.domain;

import dev.gma.proto.v1.Event;

/** Where an event goes once publishing it failed {@code RETRY_LIMIT} times. */
public interface DeadLetterPublisher {

    void deadLetter(Event event, Payload payload, String lastError) throws PublishException;
}
