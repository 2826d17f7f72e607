package dev.gma.github;

import java.util.List;
import java.util.Optional;

/** One page of deliveries, newest first, and the cursor of the next (older) page if any. */
public record DeliveryPage(List<HookDelivery> deliveries, Optional<String> nextCursor) {}
