package dev.gma.retry.gcp;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import dev.gma.retry.domain.DeliveryLock;
import dev.gma.retry.domain.Lease;
import dev.gma.retry.domain.LeaseLostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The lease as a Cloud Storage object ({@code gs://BUCKET_NAME/retry-lock}) whose metadata holds
 * owner and expiry. Every write carries a generation precondition: create only if absent
 * ({@code ifGenerationMatch=0}), take over or renew only the generation read or written, delete
 * only our own generation. A 412 means someone else won.
 */
public final class GcsDeliveryLock implements DeliveryLock {

    static final String OBJECT = "retry-lock";
    private static final int PRECONDITION_FAILED = 412;

    private final Storage storage;
    private final String bucket;
    private final Duration clockSkew;
    private final Clock clock;

    public GcsDeliveryLock(Storage storage, String bucket, Duration clockSkew, Clock clock) {
        this.storage = storage;
        this.bucket = bucket;
        this.clockSkew = clockSkew;
        this.clock = clock;
    }

    @Override
    public Optional<Lease> tryAcquire(String owner, Duration ttl) {
        Instant expiresAt = clock.instant().plus(ttl);
        try {
            return Optional.of(write(BlobId.of(bucket, OBJECT), owner, expiresAt, Storage.BlobTargetOption.doesNotExist()));
        } catch (StorageException e) {
            if (e.getCode() != PRECONDITION_FAILED) {
                throw e;
            }
        }
        return takeOverIfExpired(owner, expiresAt);
    }

    private Optional<Lease> takeOverIfExpired(String owner, Instant expiresAt) {
        Blob current = storage.get(BlobId.of(bucket, OBJECT));
        if (current == null) {
            return Optional.empty(); // released between our two calls: the next run will take it
        }
        Instant currentExpiry = Instant.parse(current.getMetadata().getOrDefault("expires_at", Instant.MAX.toString()));
        // expiry + skew < now, written so that an unreadable expiry (Instant.MAX) cannot overflow
        if (!currentExpiry.isBefore(clock.instant().minus(clockSkew))) {
            return Optional.empty();
        }
        try {
            return Optional.of(write(BlobId.of(bucket, OBJECT, current.getGeneration()), owner, expiresAt,
                    Storage.BlobTargetOption.generationMatch()));
        } catch (StorageException e) {
            if (e.getCode() == PRECONDITION_FAILED) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Lease renew(Lease lease, Duration ttl) {
        try {
            return write(BlobId.of(bucket, OBJECT, lease.generation()), lease.owner(), clock.instant().plus(ttl),
                    Storage.BlobTargetOption.generationMatch());
        } catch (StorageException e) {
            if (e.getCode() == PRECONDITION_FAILED) {
                throw new LeaseLostException("gs://" + bucket + "/" + OBJECT + " is no longer generation "
                        + lease.generation());
            }
            throw e;
        }
    }

    @Override
    public void release(Lease lease) {
        try {
            storage.delete(BlobId.of(bucket, OBJECT, lease.generation()), Storage.BlobSourceOption.generationMatch());
        } catch (StorageException e) {
            if (e.getCode() != PRECONDITION_FAILED) {
                throw e;
            } // someone took it over after our lease lapsed: theirs now, leave it
        }
    }

    private Lease write(BlobId id, String owner, Instant expiresAt, Storage.BlobTargetOption precondition) {
        BlobInfo info = BlobInfo.newBuilder(id).setContentType("application/json")
                .setMetadata(Map.of("owner", owner, "expires_at", expiresAt.toString())).build();
        byte[] body = ("{\"owner\":\"" + owner + "\",\"expires_at\":\"" + expiresAt + "\"}").getBytes(StandardCharsets.UTF_8);
        Blob written = storage.create(info, body, precondition);
        return new Lease(owner, written.getGeneration(), expiresAt);
    }
}
