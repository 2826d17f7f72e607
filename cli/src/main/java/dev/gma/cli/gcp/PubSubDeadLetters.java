package dev.gma.cli.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.stub.GrpcSubscriberStub;
import com.google.cloud.pubsub.v1.stub.SubscriberStub;
import com.google.cloud.pubsub.v1.stub.SubscriberStubSettings;
import com.google.pubsub.v1.AcknowledgeRequest;
import com.google.pubsub.v1.ModifyAckDeadlineRequest;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.TopicName;
import dev.gma.cli.CliSettings;
import dev.gma.cli.DeadLetters;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The dead letters in GCP: the pull subscription of the dead-letter topic. A replay publishes each
 * message, unchanged (data and attributes, so a claim-checked payload keeps its payload_uri), to the
 * events topic and acknowledges it only after the publish succeeded; a letter whose publish failed
 * is released at once for the next replay. {@code list} pulls and releases without acknowledging.
 */
public final class PubSubDeadLetters implements DeadLetters, AutoCloseable {

    /** Publishes one message to the events topic, waiting for the server's answer. */
    public interface Republisher extends AutoCloseable {
        void publish(PubsubMessage message) throws Exception;

        @Override
        void close() throws Exception;
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PULL_BATCH = 100;
    private static final int EMPTY_PULLS = 3;

    private final SubscriberStub subscriber;
    private final String subscription;
    private final Republisher republisher;
    private final ManagedChannel channel;

    PubSubDeadLetters(SubscriberStub subscriber, String subscription, Republisher republisher, ManagedChannel channel) {
        this.subscriber = subscriber;
        this.subscription = subscription;
        this.republisher = republisher;
        this.channel = channel;
    }

    /** Real clients; through the emulator when PUBSUB_EMULATOR_HOST is set. */
    public static PubSubDeadLetters connect(CliSettings settings) throws IOException {
        return connect(settings, null);
    }

    /** As {@link #connect(CliSettings)}, with another republisher (tests inject failures). */
    public static PubSubDeadLetters connect(CliSettings settings, Republisher override) throws IOException {
        ManagedChannel channel = null;
        SubscriberStubSettings.Builder sub = SubscriberStubSettings.newBuilder();
        Publisher.Builder pub = Publisher.newBuilder(TopicName.of(settings.projectId(), settings.eventsTopicId()));
        if (settings.pubsubEmulatorHost() != null && !settings.pubsubEmulatorHost().isBlank()) {
            channel = ManagedChannelBuilder.forTarget(settings.pubsubEmulatorHost()).usePlaintext().build();
            TransportChannelProvider channels = FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
            sub.setTransportChannelProvider(channels).setCredentialsProvider(NoCredentialsProvider.create());
            pub.setChannelProvider(channels).setCredentialsProvider(NoCredentialsProvider.create());
        }
        Republisher republisher = override != null ? override : publisherOf(pub.build());
        return new PubSubDeadLetters(GrpcSubscriberStub.create(sub.build()),
                ProjectSubscriptionName.format(settings.projectId(), settings.dlqSubscriptionId()), republisher, channel);
    }

    private static Republisher publisherOf(Publisher publisher) {
        return new Republisher() {
            @Override
            public void publish(PubsubMessage message) throws Exception {
                publisher.publish(message).get(30, TimeUnit.SECONDS);
            }

            @Override
            public void close() throws Exception {
                publisher.shutdown();
                publisher.awaitTermination(30, TimeUnit.SECONDS);
            }
        };
    }

    @Override
    public List<Letter> list(int limit) {
        List<ReceivedMessage> pulled = pull(limit);
        release(pulled);
        return pulled.stream().map(m -> letter(m.getMessage())).toList();
    }

    @Override
    public ReplaySummary replay(int limit, String deliveryId, Consumer<String> progress) {
        int replayed = 0;
        int skipped = 0;
        int failed = 0;
        while (replayed < limit) {
            List<ReceivedMessage> batch = pull(Math.min(PULL_BATCH, limit - replayed));
            if (batch.isEmpty()) {
                break;
            }
            List<String> done = new ArrayList<>();
            List<ReceivedMessage> keep = new ArrayList<>();
            for (ReceivedMessage m : batch) {
                if (deliveryId != null && !deliveryId.equals(letter(m.getMessage()).deliveryId())) {
                    skipped++;
                    keep.add(m);
                    continue;
                }
                try {
                    republisher.publish(PubsubMessage.newBuilder().setData(m.getMessage().getData())
                            .putAllAttributes(m.getMessage().getAttributesMap()).build());
                    done.add(m.getAckId());
                    replayed++;
                } catch (Exception e) {
                    failed++;
                    keep.add(m);
                    progress.accept("publish failed, the letter stays: " + e.getMessage());
                }
            }
            if (!done.isEmpty()) {
                subscriber.acknowledgeCallable().call(AcknowledgeRequest.newBuilder()
                        .setSubscription(subscription).addAllAckIds(done).build());
            }
            release(keep);
            progress.accept(String.format("replayed %d", replayed));
            if (failed > 0 || (deliveryId != null && replayed > 0)) {
                break; // a failing topic is not hammered; one id is one letter
            }
            if (!keep.isEmpty() && done.isEmpty()) {
                break; // only letters of other deliveries left in reach
            }
        }
        return new ReplaySummary(replayed, 0, skipped, failed);
    }

    /**
     * Up to {@code max} letters. Pub/Sub may answer an immediate pull with nothing although letters
     * wait, so an empty answer is asked again, {@link #EMPTY_PULLS} times in all, before "none left".
     */
    private List<ReceivedMessage> pull(int max) {
        for (int attempt = 1; ; attempt++) {
            List<ReceivedMessage> got = subscriber.pullCallable().call(PullRequest.newBuilder()
                    .setSubscription(subscription).setMaxMessages(max).setReturnImmediately(true).build())
                    .getReceivedMessagesList();
            if (!got.isEmpty() || attempt == EMPTY_PULLS) {
                return got;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return got;
            }
        }
    }

    /** Hands letters back at once (ack deadline 0) instead of holding them for the deadline. */
    private void release(List<ReceivedMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        subscriber.modifyAckDeadlineCallable().call(ModifyAckDeadlineRequest.newBuilder().setSubscription(subscription)
                .addAllAckIds(messages.stream().map(ReceivedMessage::getAckId).toList()).setAckDeadlineSeconds(0).build());
    }

    private static Letter letter(PubsubMessage message) {
        try {
            JsonNode n = JSON.readTree(message.getData().toByteArray());
            String received = n.path("received").asText(null);
            return new Letter(n.path("delivery_id").asText(null), n.path("event").asText(null),
                    received == null ? null : Instant.parse(received), n.path("repository_full_name").asText(null));
        } catch (IOException | RuntimeException e) {
            return new Letter(null, null, null, null);
        }
    }

    @Override
    public void close() throws Exception {
        republisher.close();
        subscriber.close();
        if (channel != null) {
            channel.shutdown().awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
