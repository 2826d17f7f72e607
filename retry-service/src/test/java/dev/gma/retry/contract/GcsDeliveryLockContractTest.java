package dev.gma.retry.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.StorageOptions;
import dev.gma.retry.domain.DeliveryLock;
import dev.gma.retry.domain.Lease;
import dev.gma.retry.gcp.FakeCloudStorage;
import dev.gma.retry.gcp.GcsDeliveryLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The lease contract against the Cloud Storage adapter: the real client against a stateful fake
 * of the JSON API that enforces generation preconditions.
 */
class GcsDeliveryLockContractTest extends DeliveryLockContract {

    private FakeCloudStorage gcs;

    @Override
    protected DeliveryLock newLock() throws Exception {
        gcs = FakeCloudStorage.start();
        return new GcsDeliveryLock(StorageOptions.http().setHost(gcs.baseUrl()).setProjectId("p")
                .setCredentials(NoCredentials.getInstance()).build().getService(), "locks", SKEW, clock);
    }

    @AfterEach
    void stop() {
        if (gcs != null) {
            gcs.close();
        }
    }

    @Test
    void theLeaseIsTheObjectRetryLockAndEveryWriteCarriesAGenerationPrecondition() {
        DeliveryLock lock = lockUnderTest();
        Lease lease = lock.tryAcquire("a", TTL).orElseThrow();
        assertThat(gcs.object("locks", "retry-lock")).get()
                .satisfies(o -> assertThat(o.generation()).isEqualTo(lease.generation()))
                .satisfies(o -> assertThat(o.metadata()).containsEntry("owner", "a")
                        .containsEntry("expires_at", lease.expiresAt().toString()));
        Lease renewed = lock.renew(lease, TTL);
        lock.release(renewed);

        assertThat(gcs.object("locks", "retry-lock")).isEmpty();
        assertThat(gcs.requests()).filteredOn(r -> !r.startsWith("GET"))
                .allSatisfy(r -> assertThat(r).contains("ifGenerationMatch="));
        assertThat(gcs.requests()).anySatisfy(r -> assertThat(r).startsWith("POST").contains("ifGenerationMatch=0"))
                .anySatisfy(r -> assertThat(r).startsWith("POST").contains("ifGenerationMatch=" + lease.generation()))
                .anySatisfy(r -> assertThat(r).startsWith("DELETE").contains("ifGenerationMatch=" + renewed.generation()));
    }
}
