package dev.gma.webhook.domain;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A publish, a failure record or a dead letter could not be made durable. */
public class PublishException extends Exception {

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }

    public PublishException(String message) {
        super(message);
    }

    /**
     * Waits at most {@code timeout} for a publish or write to become durable; any failure,
     * timeout or interruption becomes a PublishException that says what was being done.
     */
    public static void await(Future<?> durable, Duration timeout, String what) throws PublishException {
        try {
            durable.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new PublishException(what + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            durable.cancel(true);
            throw new PublishException(what + " timed out after " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException(what + " was interrupted", e);
        } catch (RuntimeException e) {
            throw new PublishException(what + " failed: " + e.getMessage(), e);
        }
    }
}
