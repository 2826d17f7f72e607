package dev.gma.webhook.domain;

import dev.gma.proto.v1.Event;
import java.util.concurrent.CompletableFuture;

/** Where accepted deliveries go: the events topic in GCP mode, the events table locally. */
public interface EventPublisher {

    /**
     * Makes the event durable, with its payload inline or, when too large to inline, stored
     * whole elsewhere and referenced by {@code payload_uri}. The future completes once the event
     * is durable (committed locally, acked by Pub/Sub), or fails with a {@link PublishException},
     * within the publish timeout. Never blocks the caller: it may be a Netty event loop, so any
     * blocking step (storing an oversized payload) runs on the adapter's blocking executor. The
     * payload must stay readable until the future completes.
     */
    CompletableFuture<Void> publish(Event event, Payload payload);
}
