package dev.gma.github;

import java.util.List;
import java.util.Optional;

/**
 * One page of deliveries, newest first, and the cursor of the next (older) page; empty on the
 * last page.
 */
public record DeliveryPage(List<HookDelivery> deliveries, Optional<String> nextCursor) {

    public DeliveryPage {
        deliveries = List.copyOf(deliveries);
    }
}
