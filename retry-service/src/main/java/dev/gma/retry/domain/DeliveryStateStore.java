package dev.gma.retry.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** The {@code events} and {@code redeliveries} tables, as the retry run needs them. */
public interface DeliveryStateStore {

    /**
     * One parameterised query for a whole page of GUIDs; GUIDs the store does not know are absent.
     * Only {@code events} rows received at or after {@code receivedSince} count as stored: every
     * read of {@code events} is bounded on {@code received}, so a page costs the partitions of
     * its own days, not all of history.
     */
    Map<String, GuidState> lookup(Set<String> guids, Instant receivedSince);

    void recordRedelivery(String guid, long deliveryId, Instant attemptedAt, int statusCode, String outcome);
}
