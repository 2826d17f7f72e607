package dev.gma.webhook.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gma.proto.v1.Event;
import dev.gma.testing.Testdata;
import dev.gma.webhook.domain.BodySpool;
import dev.gma.webhook.domain.EventJson;
import dev.gma.webhook.domain.EventMessages;
import dev.gma.webhook.domain.PublishException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The GCP publisher's decisions without the emulator: the topics are a fake
 * {@link EventsTopicClient}, the claim check's bucket is WireMock behind the real Cloud Storage
 * client. (GcpModeTest and GcpEventPublisherContractTest run the same publisher against the
 * Pub/Sub emulator where gcloud is installed.)
 */
class PubSubEventPublisherTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final GoogleApiFake google = new GoogleApiFake();
    private final FakeEventsTopic topics = new FakeEventsTopic();
    /** Runs the claim check's upload; records that it ran there (never on the caller's thread). */
    private final List<String> blockingThreads = new CopyOnWriteArrayList<>();
    private final ExecutorService blockingPool = Executors.newSingleThreadExecutor(r -> new Thread(r, "blocking-test"));
    private final Executor blocking = task -> blockingPool.execute(() -> {
        blockingThreads.add(Thread.currentThread().getName());
        task.run();
    });

    @AfterEach
    void stop() {
        blockingPool.shutdownNow();
        google.close();
    }

    private PubSubEventPublisher publisher(int maxMessageBytes, Duration timeout) {
        return new PubSubEventPublisher(topics, new PayloadArchive(google.storage(), "payloads"), maxMessageBytes, timeout,
                blocking);
    }

    private static Event event(String deliveryId) {
        return Event.newBuilder().setDeliveryId(deliveryId).setSignature("sha256=ab").setEvent("workflow_run")
                .setReceived("2026-11-22T10:15:30.123456Z").setAction("completed").setInstallationId(43215678L).build();
    }

    /** The size of the inline message for {@code payload} as the publisher encodes it: the boundary the threshold is checked against. */
    private static int inlineSize(Event event, byte[] payload) {
        return EventJson.encode(event, payload).length;
    }

    @Test
    void aMessageThatFitsCarriesThePayloadInlineAndTouchesNoBucket() throws Exception {
        byte[] payload = Testdata.bytes("workflow_run.completed.json");
        Event event = event("d-inline");

        publisher(inlineSize(event, payload), TIMEOUT).publish(event, BodySpool.of(payload)).join();

        assertThat(topics.events).hasSize(1);
        Event sent = EventMessages.fromJson(topics.events.get(0));
        assertThat(sent).isEqualTo(event.toBuilder().setPayload(new String(payload, StandardCharsets.UTF_8)).build());
        assertThat(sent.hasPayloadUri()).isFalse();
        assertThat(topics.deadLetters).isEmpty();
        assertThat(google.server.findAll(anyRequestedFor(anyUrl()))).isEmpty();
        assertThat(blockingThreads).as("an inline message never leaves the caller's thread").isEmpty();
    }

    @Test
    void aMessageOneByteOverTheLimitIsClaimCheckedEvenThoughThePayloadAloneFits() throws Exception {
        byte[] payload = Testdata.bytes("workflow_run.completed.json");
        Event event = event("d-envelope");
        int limit = inlineSize(event, payload) - 1; // the payload (smaller than the message) fits; the message does not
        assertThat(payload.length).isLessThanOrEqualTo(limit);
        google.acceptUploads("payloads", payload.length);

        publisher(limit, TIMEOUT).publish(event, BodySpool.of(payload)).join();

        Event sent = EventMessages.fromJson(topics.events.get(0));
        assertThat(sent.getPayload()).isEmpty();
        assertThat(sent.getPayloadUri()).isEqualTo("gs://payloads/payloads/d-envelope.json");
        assertThat(sent).isEqualTo(event.toBuilder().setPayloadUri("gs://payloads/payloads/d-envelope.json").build());
        google.server.verify(1, putRequestedFor(urlPathEqualTo("/upload/session-1")).withRequestBody(binaryEqualTo(payload)));
    }

    @Test
    void aPayloadOverTheLimitIsStoredWholeAndTheMessageCarriesOnlyItsUri() throws Exception {
        byte[] payload = ("{\"padding\":\"" + "x".repeat(5_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        google.acceptUploads("payloads", payload.length);

        publisher(4_000, TIMEOUT).publish(event("d-large"), BodySpool.of(payload)).join();

        byte[] message = topics.events.get(0);
        assertThat(message.length).isLessThan(4_000);
        assertThat(EventMessages.fromJson(message).getPayloadUri()).isEqualTo("gs://payloads/payloads/d-large.json");
        google.server.verify(1, putRequestedFor(urlPathEqualTo("/upload/session-1")).withRequestBody(binaryEqualTo(payload)));
        assertThat(blockingThreads).as("the upload ran on the blocking executor, not the caller's thread")
                .containsExactly("blocking-test");
    }

    @Test
    void aClaimCheckThatCannotBeStoredFailsThePublishAndNothingIsSent() {
        google.server.stubFor(post(urlPathEqualTo("/upload/storage/v1/b/payloads/o")).willReturn(aResponse()
                .withStatus(403).withHeader("Content-Type", "application/json")
                .withBody(GoogleApiFake.fixture("gcs-forbidden.json"))));
        byte[] payload = ("{\"padding\":\"" + "x".repeat(5_000) + "\"}").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> PublishException.join(publisher(4_000, TIMEOUT).publish(event("d-no-bucket"), BodySpool.of(payload))))
                .isInstanceOf(PublishException.class).hasMessageContaining("gs://payloads/payloads/d-no-bucket.json");
        assertThat(topics.events).as("a message pointing at a missing object is never sent").isEmpty();
    }

    @Test
    void aRefusedPublishIsAPublishExceptionSayingWhatFailed() {
        topics.refuse(new IllegalStateException("NOT_FOUND: Resource not found (resource=events)"));

        assertThatThrownBy(() -> PublishException.join(publisher(8_000_000, TIMEOUT).publish(event("d-refused"), BodySpool.of("{}".getBytes()))))
                .isInstanceOf(PublishException.class)
                .hasMessage("publishing to the events topic failed: NOT_FOUND: Resource not found (resource=events)");
    }

    @Test
    void aPublishThatNeverCompletesTimesOutAfterTheTimeoutAndIsCancelled() {
        topics.hang();
        long started = System.nanoTime();

        assertThatThrownBy(() -> PublishException.join(publisher(8_000_000, Duration.ofMillis(200)).publish(event("d-hang"), BodySpool.of("{}".getBytes()))))
                .isInstanceOf(PublishException.class)
                .hasMessage("publishing to the events topic timed out after 200 ms");

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(200)).isLessThan(Duration.ofSeconds(5));
        assertThat(topics.answers).singleElement().satisfies(f -> assertThat(f.isCancelled()).isTrue());
    }

    @Test
    void aDeadLetterGoesToTheDeadLetterTopicOnlyWithTheSameClaimCheckRule() throws Exception {
        byte[] small = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] large = ("{\"padding\":\"" + "x".repeat(5_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        google.acceptUploads("payloads", large.length);
        PubSubEventPublisher publisher = publisher(4_000, TIMEOUT);

        publisher.deadLetter(event("d-dead"), BodySpool.of(small), "topic unavailable");
        publisher.deadLetter(event("d-dead-large"), BodySpool.of(large), "topic unavailable");

        assertThat(topics.events).isEmpty();
        assertThat(topics.deadLetters).hasSize(2);
        assertThat(EventMessages.fromJson(topics.deadLetters.get(0)).getPayload()).isEqualTo("{\"a\":1}");
        assertThat(EventMessages.fromJson(topics.deadLetters.get(1)).getPayloadUri())
                .isEqualTo("gs://payloads/payloads/d-dead-large.json");
    }

    @Test
    void aDeadLetterThatIsNotAcceptedInTimeIsAPublishExceptionToo() {
        topics.hang();

        assertThatThrownBy(() -> publisher(8_000_000, Duration.ofMillis(100))
                .deadLetter(event("d-dead-hang"), BodySpool.of("{}".getBytes()), "x"))
                .isInstanceOf(PublishException.class)
                .hasMessage("publishing to the dead-letter topic timed out after 100 ms");
        assertThat(topics.answers).singleElement().satisfies(f -> assertThat(f.isCancelled()).isTrue());
    }
}
