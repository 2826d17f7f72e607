package dev.gma.webhook.domain;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import dev.gma.proto.v1.Event;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The event message as the topic expects it (proto3 JSON with proto field names, as
 * {@code JsonFormat.printer().preservingProtoFieldNames()} writes it: singular strings only when
 * non-empty, optional fields when set, int64 as quoted decimal), written straight from the
 * payload's bytes by a streaming generator. {@code JsonFormat} copied a payload three times
 * (bytes to String, escaped into a StringBuilder, back to bytes) and walked the message by
 * reflection; this writes the payload once. {@code EventJsonTest} holds it to JsonFormat's output.
 */
public final class EventJson {

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(8).build())
            .build();

    private EventJson() {}

    /**
     * @param event   the event, without payload
     * @param payload the raw body (UTF-8 text; malformed sequences become U+FFFD, as protobuf's
     *                string field would have decoded them), or null for none
     */
    public static byte[] encode(Event event, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + (payload == null ? 0 : payload.length + payload.length / 16));
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            string(g, "delivery_id", event.getDeliveryId());
            string(g, "signature", event.getSignature());
            string(g, "received", event.getReceived());
            string(g, "event", event.getEvent());
            if (payload != null && payload.length > 0) {
                g.writeFieldName("payload");
                g.writeString(new String(payload, StandardCharsets.UTF_8));
            } else {
                string(g, "payload", event.getPayload());
            }
            if (event.hasPayloadUri()) g.writeStringField("payload_uri", event.getPayloadUri());
            if (event.hasAction()) g.writeStringField("action", event.getAction());
            if (event.hasInstallationId()) int64(g, "installation_id", event.getInstallationId());
            if (event.hasHookId()) int64(g, "hook_id", event.getHookId());
            if (event.hasEnterpriseId()) int64(g, "enterprise_id", event.getEnterpriseId());
            if (event.hasEnterpriseName()) g.writeStringField("enterprise_name", event.getEnterpriseName());
            if (event.hasOrganizationId()) int64(g, "organization_id", event.getOrganizationId());
            if (event.hasOrganizationName()) g.writeStringField("organization_name", event.getOrganizationName());
            if (event.hasRepositoryId()) int64(g, "repository_id", event.getRepositoryId());
            if (event.hasRepositoryFullName()) g.writeStringField("repository_full_name", event.getRepositoryFullName());
            if (event.hasSenderLogin()) g.writeStringField("sender_login", event.getSenderLogin());
            if (event.hasSource()) g.writeStringField("source", event.getSource());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("event cannot be encoded", e);
        }
        return out.toByteArray();
    }

    /** proto3: a singular (non-optional) string is written only when it is not empty. */
    private static void string(JsonGenerator g, String name, String value) throws IOException {
        if (!value.isEmpty()) {
            g.writeStringField(name, value);
        }
    }

    /** proto3 JSON writes int64 as a quoted decimal (JavaScript cannot hold every int64). */
    private static void int64(JsonGenerator g, String name, long value) throws IOException {
        g.writeStringField(name, Long.toString(value));
    }
}
