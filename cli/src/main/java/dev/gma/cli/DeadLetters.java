package dev.gma.cli;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** The dead letters: deliveries that failed to publish RETRY_LIMIT times. */
public interface DeadLetters {

    /** One dead letter as an operator needs to see it. */
    record Letter(String deliveryId, String event, Instant received, String repository) {}

    /** What a replay did. */
    record ReplaySummary(int replayed, int alreadyStored, int skipped, int failed) {}

    List<Letter> list(int limit) throws Exception;

    /**
     * Moves dead letters back to the events, oldest first, at most {@code limit}, or only
     * {@code deliveryId} when given. A letter leaves the dead letters only once it is stored (or
     * found already stored), so an interrupted replay loses nothing and a second one adds nothing.
     */
    ReplaySummary replay(int limit, String deliveryId, Consumer<String> progress) throws Exception;
}
