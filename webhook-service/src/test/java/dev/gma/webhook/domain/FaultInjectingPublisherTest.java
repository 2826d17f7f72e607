package dev.gma.webhook.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gma.proto.v1.Event;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FaultInjectingPublisherTest {

    private static final Event EVENT = Event.newBuilder().setDeliveryId("d-1").setEvent("issues").build();
    private static final Payload PAYLOAD = BodySpool.of("{}".getBytes());

    private final AtomicInteger delivered = new AtomicInteger();
    private final EventPublisher real = (event, payload) -> {
        delivered.incrementAndGet();
        return CompletableFuture.completedFuture(null);
    };

    @Test
    void aZeroRateLeavesThePublisherUndecorated() {
        assertThat(FaultInjectingPublisher.decorate(real, 0, 7)).isSameAs(real);
        assertThat(FaultInjectingPublisher.decorate(real, 0.35, 7)).isInstanceOf(FaultInjectingPublisher.class);
    }

    @Test
    void failsAboutTheGivenFractionAndPassesTheRestToTheRealPublisher() {
        FaultInjectingPublisher publisher = new FaultInjectingPublisher(real, 0.35, 42);
        int failed = 0;
        for (int i = 0; i < 10_000; i++) {
            try {
                PublishException.join(publisher.publish(EVENT, PAYLOAD));
            } catch (PublishException e) {
                assertThat(e.getMessage()).startsWith(FaultInjectingPublisher.MESSAGE);
                failed++;
            }
        }
        assertThat(failed).isBetween(3_300, 3_700);
        assertThat(delivered.get()).isEqualTo(10_000 - failed);
        assertThat(publisher.attempts()).isEqualTo(10_000);
        assertThat(publisher.injectedFailures()).isEqualTo(failed);
    }

    @Test
    void theSameSeedFailsTheSameAttempts() {
        assertThat(outcomes(new FaultInjectingPublisher(real, 0.5, 7), 200))
                .isEqualTo(outcomes(new FaultInjectingPublisher(real, 0.5, 7), 200))
                .isNotEqualTo(outcomes(new FaultInjectingPublisher(real, 0.5, 8), 200));
    }

    @Test
    void concurrentAttemptsDrawEachDecisionOnce() throws Exception {
        FaultInjectingPublisher publisher = new FaultInjectingPublisher(real, 0.35, 3);
        List<Boolean> expected = outcomes(new FaultInjectingPublisher(real, 0.35, 3), 8_000);
        List<Boolean> failures = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                tasks.add(pool.submit(() -> failures.addAll(outcomes(publisher, 1_000))));
            }
            for (Future<?> task : tasks) {
                task.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long expectedFailures = expected.stream().filter(f -> f).count();
        assertThat(failures.stream().filter(f -> f).count()).isEqualTo(expectedFailures);
        assertThat(publisher.injectedFailures()).isEqualTo(expectedFailures);
    }

    @Test
    void aRateOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> new FaultInjectingPublisher(real, 1.0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FaultInjectingPublisher(real, -0.1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FaultInjectingPublisher(real, Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** true for each attempt that failed, in order. */
    private static List<Boolean> outcomes(EventPublisher publisher, int attempts) {
        List<Boolean> failed = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            try {
                PublishException.join(publisher.publish(EVENT, PAYLOAD));
                failed.add(false);
            } catch (PublishException e) {
                failed.add(true);
            }
        }
        return failed;
    }
}
