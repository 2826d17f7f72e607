package dev.gma.webhook.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gma.proto.v1.Event;
import dev.gma.testing.Testdata;
import dev.gma.webhook.domain.BodySpool;
import dev.gma.webhook.domain.DeadLetterPublisher;
import dev.gma.webhook.domain.EventPublisher;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The cases every adapter of the publishing ports must pass, run against the local (SQLite)
 * and the GCP (Pub/Sub) adapter alike.
 */
public abstract class EventPublisherContract {

    protected abstract EventPublisher publisher();

    protected abstract DeadLetterPublisher deadLetters();

    /**
     * Every event published so far, as the reader of the events table or topic sees it, once the
     * events with {@code awaited} delivery ids are among them: an adapter whose reader sees
     * messages later than the publish returns waits for them, bounded in time, and fails when
     * they do not come.
     */
    protected abstract List<Event> publishedEvents(Collection<String> awaited) throws Exception;

    /** Every event dead-lettered so far, once those with {@code awaited} delivery ids are among them. */
    protected abstract List<Event> deadLetteredEvents(Collection<String> awaited) throws Exception;

    @Test
    void aPublishedEventIsReadBackWithEveryField() throws Exception {
        byte[] payload = Testdata.bytes("push.json");
        Event event = Event.newBuilder().setDeliveryId(id()).setSignature("sha256=ab").setEvent("push")
                .setReceived("2026-11-22T10:15:30.123456Z").setAction("created").setInstallationId(43215678L)
                .setHookId(7L).setEnterpriseId(1234L).setEnterpriseName("octo-enterprise").setOrganizationId(6811672L)
                .setOrganizationName("octo-org").setRepositoryId(1296269L).setRepositoryFullName("octo-org/hello-world")
                .setSenderLogin("octocat").build();

        publisher().publish(event, BodySpool.of(payload)).get(30, TimeUnit.SECONDS);

        assertThat(find(publishedEvents(List.of(event.getDeliveryId())), event.getDeliveryId()))
                .isEqualTo(event.toBuilder().setPayload(new String(payload, StandardCharsets.UTF_8)).build());
    }

    @Test
    void anEventWithOnlyTheRequiredFieldsKeepsTheRestUnset() throws Exception {
        Event event = Event.newBuilder().setDeliveryId(id()).setSignature("sha256=cd").setEvent("ping")
                .setReceived("2026-11-22T10:15:30Z").build();

        publisher().publish(event, BodySpool.of("{\"zen\":\"x\"}".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);

        Event read = find(publishedEvents(List.of(event.getDeliveryId())), event.getDeliveryId());
        assertThat(read.hasAction()).isFalse();
        assertThat(read.hasInstallationId()).isFalse();
        assertThat(read.hasRepositoryFullName()).isFalse();
        assertThat(read.getPayload()).isEqualTo("{\"zen\":\"x\"}");
    }

    @Test
    void manyEventsAreEachReadBackOnce() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(id());
            publisher().publish(Event.newBuilder().setDeliveryId(ids.get(i)).setSignature("s").setEvent("issues")
                    .setReceived("2026-11-22T10:15:30Z").build(), BodySpool.of("{}".getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
        }
        assertThat(publishedEvents(ids).stream().map(Event::getDeliveryId).filter(ids::contains))
                .containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void aDeadLetteredEventLandsInTheDeadLetterNotInEvents() throws Exception {
        Event event = Event.newBuilder().setDeliveryId(id()).setSignature("s").setEvent("issues")
                .setReceived("2026-11-22T10:15:30Z").build();

        deadLetters().deadLetter(event, BodySpool.of("{\"a\":1}".getBytes(StandardCharsets.UTF_8)), "topic unavailable");

        assertThat(find(deadLetteredEvents(List.of(event.getDeliveryId())), event.getDeliveryId()).getPayload())
                .isEqualTo("{\"a\":1}");
        // A marker published after the dead letter: once it is read back, a dead letter sent to the
        // events by mistake would have been read back too.
        Event marker = Event.newBuilder().setDeliveryId(id()).setSignature("s").setEvent("ping")
                .setReceived("2026-11-22T10:15:31Z").build();
        publisher().publish(marker, BodySpool.of("{}".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        assertThat(publishedEvents(List.of(marker.getDeliveryId()))).extracting(Event::getDeliveryId)
                .contains(marker.getDeliveryId()).doesNotContain(event.getDeliveryId());
    }

    private static Event find(List<Event> events, String deliveryId) {
        List<Event> matching = events.stream().filter(e -> e.getDeliveryId().equals(deliveryId)).toList();
        assertThat(matching).as("events with delivery id " + deliveryId).hasSize(1);
        return matching.get(0);
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
