package dev.gma.webhook.domain;

/** A publish, a failure record or a dead letter could not be made durable. */
public class PublishException extends Exception {

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }

    public PublishException(String message) {
        super(message);
    }
}
