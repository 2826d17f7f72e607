package dev.gma.leech.read;

import dev.gma.leech.model.PendingEvent;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * Where completed {@code workflow_run} events waiting for their logs come from: the SQLite store
 * in local mode, BigQuery in GCP mode. One parameterised query per launch.
 */
public interface PendingRunSource extends Serializable {

    /**
     * Completed workflow_run deliveries received at or after {@code receivedSince} (the bound on
     * {@code events.received} every read of events has) with no SUCCESS or NOT_FOUND row and fewer
     * than {@code maxAttempts} FAILURE rows, oldest first, one row per delivery id, at most
     * {@code batchSize}. Only the copies of a delivery received in the window count.
     */
    List<PendingEvent> read(int batchSize, int maxAttempts, Instant receivedSince) throws Exception;
}
