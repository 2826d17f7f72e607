package dev.gma.webhook.domain;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks that a body is one JSON object and reads the enrichment fields from it, in one
 * streaming pass: no tree is built, so a 25 MB payload costs no more than its bytes.
 * Only top-level fields and the first level of the objects we enrich from are read.
 */
public final class PayloadParser {

    /** Jackson's default 20 MB cap on one string would refuse legitimate 25 MB deliveries. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build();

    private static final java.util.Set<String> WANTED = java.util.Set.of("action", "installation.id",
            "enterprise.id", "enterprise.slug", "organization.id", "organization.login", "repository.id",
            "repository.full_name", "sender.login");

    /** Thrown when the body is not a single JSON object. */
    public static final class MalformedPayloadException extends Exception {
        MalformedPayloadException(String message) {
            super(message);
        }
    }

    public Enrichment parse(byte[] body) throws MalformedPayloadException {
        return parse(new java.io.ByteArrayInputStream(body));
    }

    public Enrichment parse(java.io.InputStream body) throws MalformedPayloadException {
        Map<String, Object> found = new HashMap<>();
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedPayloadException("body must be a JSON object");
            }
            readObject(p, "", found);
            if (p.nextToken() != null) {
                throw new MalformedPayloadException("body has content after the JSON object");
            }
        } catch (IOException e) {
            throw new MalformedPayloadException("body is not valid JSON: " + firstLine(e.getMessage()));
        }
        return new Enrichment(
                text(found, "action"),
                number(found, "installation.id"),
                number(found, "enterprise.id"),
                text(found, "enterprise.slug"),
                number(found, "organization.id"),
                text(found, "organization.login"),
                number(found, "repository.id"),
                text(found, "repository.full_name"),
                text(found, "sender.login"));
    }

    /** Reads an object's scalar fields under {@code prefix}; descends one level from the top. */
    private static void readObject(JsonParser p, String prefix, Map<String, Object> found) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = prefix + p.currentName();
            JsonToken value = p.nextToken();
            if (value == JsonToken.START_OBJECT && prefix.isEmpty()) {
                readObject(p, name + ".", found);
            } else if (value.isStructStart()) {
                p.skipChildren();
            } else if (WANTED.contains(name) && value.isNumeric()) {
                found.put(name, p.getNumberValue());
            } else if (WANTED.contains(name) && value == JsonToken.VALUE_STRING) {
                found.put(name, p.getText());
            } // other values are skipped unread: a huge string never becomes a char[]
        }
    }

    private static String text(Map<String, Object> found, String key) {
        Object value = found.get(key);
        return value instanceof String s ? s : null;
    }

    private static Long number(Map<String, Object> found, String key) {
        Object value = found.get(key);
        return value instanceof Number n ? Long.valueOf(n.longValue()) : null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unexpected end of input";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
