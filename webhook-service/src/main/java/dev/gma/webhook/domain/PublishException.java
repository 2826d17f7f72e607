package dev.gma.webhook.domain;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
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
     * timeout or interruption becomes a PublishException that says what was being done (the
     * messages of {@link #within}, which this waits for).
     */
    public static void await(CompletableFuture<?> durable, Duration timeout, String what) throws PublishException {
        try {
            within(durable, timeout, what).get();
        } catch (ExecutionException e) {
            throw of(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            durable.cancel(true);
            throw new PublishException(what + " was interrupted", e);
        }
    }

    /** A step that blocks and may fail to make something durable. */
    @FunctionalInterface
    public interface BlockingStep<T> {
        T run() throws PublishException;
    }

    /**
     * Runs {@code step} on {@code executor} (never the caller's thread, which may be an event loop);
     * its PublishException fails the future as itself.
     */
    public static <T> CompletableFuture<T> offload(BlockingStep<T> step, Executor executor) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return step.run();
            } catch (PublishException e) {
                throw new CompletionException(e);
            }
        }, executor);
    }

    /**
     * The waiting-free twin of {@link #await}: a future that completes when {@code durable} does,
     * or fails with a PublishException with the same messages as {@code await} (the failure, or
     * the timeout after {@code timeout}, which also cancels {@code durable}). Nothing waits on a thread.
     */
    public static CompletableFuture<Void> within(CompletableFuture<?> durable, Duration timeout, String what) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        durable.whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(null);
            } else {
                // after a timeout (which cancels durable) result is already done: this is then a no-op
                Throwable cause = unwrap(failure);
                result.completeExceptionally(new PublishException(what + " failed: " + cause.getMessage(), cause));
            }
        });
        result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return result.exceptionallyCompose(failure -> {
            Throwable cause = unwrap(failure);
            if (cause instanceof TimeoutException) {
                durable.cancel(true);
                return failed(new PublishException(what + " timed out after " + timeout.toMillis() + " ms", cause));
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    /** A future already failed with {@code e}. */
    public static <T> CompletableFuture<T> failed(PublishException e) {
        return CompletableFuture.failedFuture(e);
    }

    /**
     * What a failed publish future carries, as a PublishException: the one it was failed with, or
     * any other failure (a bug, a runtime exception of a client) wrapped with its message.
     */
    public static PublishException of(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause instanceof PublishException p ? p
                : new PublishException("publishing failed: " + cause.getMessage(), cause);
    }

    /** Waits for a publish future that is already bounded by its timeout; for callers that block anyway. */
    public static <T> T join(CompletionStage<T> durable) throws PublishException {
        try {
            return durable.toCompletableFuture().join();
        } catch (CompletionException | CancellationException e) {
            throw of(e);
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
