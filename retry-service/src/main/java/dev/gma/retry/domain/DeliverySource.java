package dev.gma.retry.domain;

import dev.gma.github.DeliveryPage;
import java.time.Instant;
import java.util.Optional;

/** GitHub's record of the App's webhook deliveries (the github-client, behind a seam for tests). */
public interface DeliverySource {

    DeliveryPage page(Optional<String> cursor, Instant deadline);

    /** Asks GitHub to redeliver; returns its status (202 = accepted). */
    int redeliver(long deliveryId, Instant deadline);

    String instanceUrl();
}
