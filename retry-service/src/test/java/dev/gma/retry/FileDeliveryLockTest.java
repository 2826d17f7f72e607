package dev.gma.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gma.retry.domain.Lease;
import dev.gma.retry.domain.LeaseLostException;
import dev.gma.github.TestClock;
import dev.gma.retry.local.FileDeliveryLock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDeliveryLockTest {

    @TempDir Path dir;
    private final TestClock clock = new TestClock(Instant.parse("2026-11-22T10:00:00Z"));
    private FileDeliveryLock lock;

    @org.junit.jupiter.api.BeforeEach
    void create() {
        lock = new FileDeliveryLock(dir, Duration.ofSeconds(10), clock);
    }

    @Test
    void aHeldLeaseIsNotTakenUntilExpiryPlusClockSkewHasPassed() {
        Lease first = lock.tryAcquire("a", Duration.ofMinutes(5)).orElseThrow();
        clock.advance(Duration.ofMinutes(5).plusSeconds(5));
        assertThat(lock.tryAcquire("b", Duration.ofMinutes(5))).as("within the skew").isEmpty();
        clock.advance(Duration.ofSeconds(6));
        Lease second = lock.tryAcquire("b", Duration.ofMinutes(5)).orElseThrow();
        assertThat(second.generation()).isGreaterThan(first.generation());
        assertThatThrownBy(() -> lock.renew(first, Duration.ofMinutes(5))).isInstanceOf(LeaseLostException.class);
        lock.release(first); // not ours any more: must not free b's lease
        assertThat(lock.tryAcquire("c", Duration.ofMinutes(5))).isEmpty();
    }

    @Test
    void renewalKeepsTheLeaseAndReleaseFreesIt() {
        Lease lease = lock.tryAcquire("a", Duration.ofMinutes(5)).orElseThrow();
        clock.advance(Duration.ofMinutes(4));
        Lease renewed = lock.renew(lease, Duration.ofMinutes(5));
        clock.advance(Duration.ofMinutes(4));
        assertThat(lock.tryAcquire("b", Duration.ofMinutes(5))).isEmpty();
        lock.release(renewed);
        assertThat(lock.tryAcquire("b", Duration.ofMinutes(5))).isPresent();
    }
}
