package dev.gma.retry.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gma.github.TestClock;
import dev.gma.retry.domain.DeliveryLock;
import dev.gma.retry.domain.Lease;
import dev.gma.retry.domain.LeaseLostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The semantics every {@link DeliveryLock} adapter must have, run against each (local file, Cloud
 * Storage behind a stateful fake). Time is a {@link TestClock}; the clock skew is 10 s and the
 * lease 5 minutes.
 */
public abstract class DeliveryLockContract {

    protected static final Duration TTL = Duration.ofMinutes(5);
    protected static final Duration SKEW = Duration.ofSeconds(10);

    protected final TestClock clock = new TestClock(Instant.parse("2026-11-22T10:00:00Z"));
    private DeliveryLock lock;

    /** A fresh lock with no lease held, reading {@link #clock}, allowing {@link #SKEW}. */
    protected abstract DeliveryLock newLock() throws Exception;

    @BeforeEach
    void createLock() throws Exception {
        lock = newLock();
    }

    protected DeliveryLock lockUnderTest() {
        return lock;
    }

    @Test
    void anAbsentLockIsAcquired() {
        Lease lease = lock.tryAcquire("a", TTL).orElseThrow();

        assertThat(lease.owner()).isEqualTo("a");
        assertThat(lease.expiresAt()).isEqualTo(Instant.parse("2026-11-22T10:05:00Z"));
    }

    @Test
    void aSecondAcquireIsRefusedWhileTheLeaseIsHeld() {
        lock.tryAcquire("a", TTL).orElseThrow();

        assertThat(lock.tryAcquire("b", TTL)).isEmpty();
        assertThat(lock.tryAcquire("a", TTL)).as("not re-entrant either").isEmpty();
    }

    @Test
    void anExpiredLeaseIsTakenOverOnlyOnceExpiryPlusClockSkewHasPassed() {
        Lease first = lock.tryAcquire("a", TTL).orElseThrow();

        clock.advance(TTL.plusSeconds(5));
        assertThat(lock.tryAcquire("b", TTL)).as("expired, but within the clock skew").isEmpty();
        clock.advance(Duration.ofSeconds(5));
        assertThat(lock.tryAcquire("b", TTL)).as("exactly expiry + skew").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        Lease second = lock.tryAcquire("b", TTL).orElseThrow();

        assertThat(second.owner()).isEqualTo("b");
        assertThat(second.generation()).isNotEqualTo(first.generation());
        assertThat(second.expiresAt()).isEqualTo(clock.instant().plus(TTL));
    }

    @Test
    void renewalExtendsTheLease() {
        Lease lease = lock.tryAcquire("a", TTL).orElseThrow();
        clock.advance(Duration.ofMinutes(4));

        Lease renewed = lock.renew(lease, TTL);

        assertThat(renewed.owner()).isEqualTo("a");
        assertThat(renewed.expiresAt()).isEqualTo(clock.instant().plus(TTL));
        clock.advance(Duration.ofMinutes(4)); // past the first expiry + skew, within the renewed one
        assertThat(lock.tryAcquire("b", TTL)).isEmpty();
        assertThat(lock.renew(renewed, TTL).expiresAt()).as("renewable again").isEqualTo(clock.instant().plus(TTL));
    }

    @Test
    void renewingALeaseThatWasTakenOverThrowsLeaseLost() {
        Lease first = lock.tryAcquire("a", TTL).orElseThrow();
        clock.advance(TTL.plus(SKEW).plusSeconds(1));
        lock.tryAcquire("b", TTL).orElseThrow();

        assertThatThrownBy(() -> lock.renew(first, TTL)).isInstanceOf(LeaseLostException.class);
    }

    @Test
    void renewingAReleasedLeaseThrowsLeaseLost() {
        Lease lease = lock.tryAcquire("a", TTL).orElseThrow();
        lock.release(lease);

        assertThatThrownBy(() -> lock.renew(lease, TTL)).isInstanceOf(LeaseLostException.class);
    }

    @Test
    void releasingALostLeaseLeavesTheNewHoldersLockInPlace() {
        Lease first = lock.tryAcquire("a", TTL).orElseThrow();
        clock.advance(TTL.plus(SKEW).plusSeconds(1));
        Lease second = lock.tryAcquire("b", TTL).orElseThrow();

        lock.release(first); // not ours any more: a no-op

        assertThat(lock.tryAcquire("c", TTL)).as("b still holds it").isEmpty();
        assertThat(lock.renew(second, TTL).owner()).isEqualTo("b");
    }

    @Test
    void aReleasedLeaseCanBeAcquiredAtOnceAndReleaseTwiceIsHarmless() {
        Lease lease = lock.tryAcquire("a", TTL).orElseThrow();

        lock.release(lease);
        lock.release(lease);

        Lease next = lock.tryAcquire("b", TTL).orElseThrow();
        assertThat(next.owner()).isEqualTo("b");
        assertThat(lock.tryAcquire("c", TTL)).isEmpty();
    }

    @Test
    void ofEightConcurrentAcquirersExactlyOneWins() throws Exception {
        int contenders = 8;
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Optional<Lease>>> attempts = new ArrayList<>();
            for (int i = 0; i < contenders; i++) {
                String owner = "owner-" + i;
                Callable<Optional<Lease>> attempt = () -> {
                    start.await(10, TimeUnit.SECONDS);
                    return lock.tryAcquire(owner, TTL);
                };
                attempts.add(pool.submit(attempt));
            }
            start.countDown();
            int won = 0;
            for (Future<Optional<Lease>> attempt : attempts) {
                won += attempt.get(30, TimeUnit.SECONDS).isPresent() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
