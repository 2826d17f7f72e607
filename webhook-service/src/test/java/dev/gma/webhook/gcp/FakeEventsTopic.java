package dev.gma.webhook.gcp;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The two topics as the publisher sees them: every message handed over is recorded, and each
 * publish answers as the test decides (accepted, refused, or never).
 */
final class FakeEventsTopic implements EventsTopicClient {

    final List<byte[]> events = new CopyOnWriteArrayList<>();
    final List<byte[]> deadLetters = new CopyOnWriteArrayList<>();
    final List<CompletableFuture<String>> answers = new CopyOnWriteArrayList<>();
    private volatile Supplier<CompletableFuture<String>> answer = () -> CompletableFuture.completedFuture("message-1");

    /** Every publish from now on fails with {@code error}, as a gax future does. */
    void refuse(RuntimeException error) {
        answer = () -> CompletableFuture.failedFuture(error);
    }

    /** Every publish from now on never completes (Pub/Sub unreachable and the client retrying). */
    void hang() {
        answer = CompletableFuture::new;
    }

    @Override
    public CompletableFuture<String> publishEvent(byte[] message) {
        events.add(message);
        return answer();
    }

    @Override
    public CompletableFuture<String> publishDeadLetter(byte[] message) {
        deadLetters.add(message);
        return answer();
    }

    private CompletableFuture<String> answer() {
        CompletableFuture<String> future = answer.get();
        answers.add(future);
        return future;
    }
}
