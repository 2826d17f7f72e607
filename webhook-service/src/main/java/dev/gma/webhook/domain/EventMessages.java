package dev.gma.webhook.domain;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.gma.proto.v1.Event;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Builds the event message and encodes it as the topic expects: JSON with proto field names. */
public final class EventMessages {

    private static final JsonFormat.Printer PRINTER =
            JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    /** The event names ReportIntake gives reports to /events/deployments, /events/incidents, /events/pagerduty. */
    private static final java.util.Set<String> CUSTOM_EVENTS = java.util.Set.of("custom_deployment", "custom_incident",
            "pagerduty");

    private EventMessages() {}

    /** The event without its payload: each publisher inlines or claim-checks the payload itself. */
    public static Event build(Delivery delivery, Enrichment e, Instant received) {
        Event.Builder b = Event.newBuilder()
                .setDeliveryId(delivery.deliveryId())
                .setSignature(delivery.signature())
                .setReceived(received.toString())
                .setEvent(delivery.event())
                .setSource(source(delivery.event()));
        parseHookId(delivery.hookId(), b);
        if (e.action() != null) b.setAction(e.action());
        if (e.installationId() != null) b.setInstallationId(e.installationId());
        if (e.enterpriseId() != null) b.setEnterpriseId(e.enterpriseId());
        if (e.enterpriseName() != null) b.setEnterpriseName(e.enterpriseName());
        if (e.organizationId() != null) b.setOrganizationId(e.organizationId());
        if (e.organizationName() != null) b.setOrganizationName(e.organizationName());
        if (e.repositoryId() != null) b.setRepositoryId(e.repositoryId());
        if (e.repositoryFullName() != null) b.setRepositoryFullName(e.repositoryFullName());
        if (e.senderLogin() != null) b.setSenderLogin(e.senderLogin());
        return b.build();
    }

    /** Events column {@code source}: reports to /events/* are "custom", GitHub deliveries "webhook". */
    static String source(String event) {
        return CUSTOM_EVENTS.contains(event) ? "custom" : "webhook";
    }

    public static byte[] toJson(Event event) {
        try {
            return PRINTER.print(event).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("event cannot be encoded", e);
        }
    }

    public static Event fromJson(byte[] json) {
        try {
            Event.Builder b = Event.newBuilder();
            PARSER.merge(new String(json, StandardCharsets.UTF_8), b);
            return b.build();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not an event message: " + e.getMessage(), e);
        }
    }

    /** X-GitHub-Hook-ID is numeric; anything else is ignored rather than failing the delivery. */
    private static void parseHookId(String hookId, Event.Builder b) {
        if (hookId == null || hookId.isBlank()) {
            return;
        }
        try {
            b.setHookId(Long.parseLong(hookId.strip()));
        } catch (NumberFormatException ignored) {
            // Not worth losing an event over; the header is informational.
        }
    }
}
