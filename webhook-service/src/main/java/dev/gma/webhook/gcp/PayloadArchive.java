package dev.gma.webhook.gcp;

import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import dev.gma.webhook.domain.Payload;
import dev.gma.webhook.domain.PublishException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The claim check for payloads too large for one Pub/Sub message: the payload is stored whole
 * as {@code gs://<bucket>/payloads/<delivery_id>.json} and the message carries that URI.
 * A redelivery overwrites the same object with the same bytes.
 */
public class PayloadArchive {

    private final Storage storage;
    private final String bucket;

    public PayloadArchive(Storage storage, String bucket) {
        this.storage = storage;
        this.bucket = bucket;
    }

    /** Streams the payload to the bucket (a resumable upload; never the whole payload in memory). */
    public String store(String deliveryId, Payload payload) throws PublishException {
        BlobId id = BlobId.of(bucket, "payloads/" + safeName(deliveryId) + ".json");
        try (InputStream in = payload.open()) {
            storage.createFrom(BlobInfo.newBuilder(id).setContentType("application/json").build(), in);
            return id.toGsUtilUri();
        } catch (StorageException e) {
            throw new PublishException("storing the oversized payload in " + id.toGsUtilUri()
                    + " failed: " + e.getCode() + " " + e.getMessage(), e);
        } catch (IOException e) {
            throw new PublishException("storing the oversized payload in " + id.toGsUtilUri()
                    + " failed: " + e.getMessage(), e);
        }
    }

    /** Delivery ids are GUIDs; anything else is reduced to a safe object name. */
    private static String safeName(String deliveryId) {
        return deliveryId.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
