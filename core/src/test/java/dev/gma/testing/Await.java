package dev.gma.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition in tests, bounded in time: every wait of a test ends. */
public final class Await {

    private Await() {}

    /**
     * Returns once {@code condition} holds; throws {@link IllegalStateException} with
     * {@code whatWasAwaited} (evaluated then, so it can show the state) after {@code timeout}.
     */
    public static void until(BooleanSupplier condition, Duration timeout, Duration poll,
                             Supplier<String> whatWasAwaited) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not reached within " + timeout + ": " + whatWasAwaited.get());
            }
            Thread.sleep(poll.toMillis());
        }
    }
}
