package dev.gma.webhook.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gma.proto.v1.Event;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The events column {@code source}: GitHub deliveries are "webhook", reports to /events/* are "custom". */
class EventSourceTest {

    private static final Enrichment NONE = new Enrichment(null, null, null, null, null, null, null, null, null);

    @Test
    void gitHubDeliveriesAreWebhookAndReportsAreCustom() {
        assertThat(source("pull_request")).isEqualTo("webhook");
        assertThat(source("deployment_status")).isEqualTo("webhook");
        assertThat(source("custom_deployment")).isEqualTo("custom");
        assertThat(source("custom_incident")).isEqualTo("custom");
        assertThat(source("pagerduty")).isEqualTo("custom");
    }

    @Test
    void theSourceTravelsInTheJsonMessage() {
        Event event = EventMessages.build(new Delivery("d-1", "issues", "sha256=x", null, null), NONE,
                Instant.parse("2026-11-30T00:00:00Z"));
        assertThat(new String(EventMessages.toJson(event))).contains("\"source\":\"webhook\"");
        assertThat(EventMessages.fromJson(EventMessages.toJson(event)).getSource()).isEqualTo("webhook");
    }

    private static String source(String eventName) {
        return EventMessages.build(new Delivery("d", eventName, "", null, null), NONE, Instant.EPOCH).getSource();
    }
}
