package dev.gma.retry.domain;

import java.time.Duration;
import java.util.Optional;

/**
 * The lease that lets one retry run work at a time. Acquire creates the lock only if absent, or
 * takes over one whose expiry (plus the allowed clock skew) has passed; renew and release succeed
 * only for the generation the holder wrote, so a holder whose lease was taken over cannot
 * disturb the new one.
 */
public interface DeliveryLock {

    Optional<Lease> tryAcquire(String owner, Duration ttl);

    /** Extends the lease; throws {@link LeaseLostException} if it is no longer ours. */
    Lease renew(Lease lease, Duration ttl);

    /** Gives the lease up if it is still ours; a no-op otherwise. */
    void release(Lease lease);
}
