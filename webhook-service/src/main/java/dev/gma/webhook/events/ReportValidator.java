package dev.gma.webhook.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a report body against the contract of docs/events.md and names every missing or
 * invalid field at once, so a pipeline author fixes them in one round. Unknown fields are
 * allowed (and kept: the payload is the body as received); a key given twice is refused, so
 * the id that was checked is the one any reader of the payload sees.
 */
public final class ReportValidator {

    /** Outcome of a validation: the report, or the errors (never both). */
    public record Validation(Report report, List<String> errors) {
        static Validation invalid(List<String> errors) {
            return new Validation(null, List.copyOf(errors));
        }
    }

    static final int MAX_ID = 200;
    static final int MAX_TEXT = 1000;
    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}");
    private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{7,64}");
    /** RFC 3339 date-time: seconds required, an offset (Z or ±hh:mm) required. */
    private static final Pattern RFC3339 =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");
    private static final Set<String> STATUSES = Set.of("success", "failure");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** {@code POST /events/deployments}. */
    public Validation deployment(byte[] body) {
        Fields f = fields(body);
        if (f == null) {
            return Validation.invalid(List.of(notAnObject()));
        }
        String id = f.id();
        String repository = f.repository(true);
        f.text("environment", true, MAX_TEXT);
        f.sha("sha", true);
        String status = f.text("status", true, MAX_TEXT);
        if (status != null && !STATUSES.contains(status)) {
            f.errors.add("'status' must be \"success\" or \"failure\" (was " + quote(status) + ")");
        }
        OffsetDateTime started = f.time("started_at", true);
        OffsetDateTime finished = f.time("finished_at", true);
        if (started != null && finished != null && finished.isBefore(started)) {
            f.errors.add("'finished_at' must not be before 'started_at'");
        }
        f.text("ref", false, MAX_TEXT);
        f.url("url");
        f.text("service", false, MAX_TEXT);
        if (!f.errors.isEmpty()) {
            return Validation.invalid(f.errors);
        }
        return new Validation(new Report(Report.DEPLOYMENT, status, id, Report.deploymentDeliveryId(id), repository,
                owner(repository)), List.of());
    }

    /** {@code POST /events/incidents}: {@code resolved} when {@code resolved_at} is given, else {@code opened}. */
    public Validation incident(byte[] body) {
        Fields f = fields(body);
        if (f == null) {
            return Validation.invalid(List.of(notAnObject()));
        }
        String id = f.id();
        f.text("title", true, MAX_TEXT);
        OffsetDateTime opened = f.time("opened_at", true);
        String repository = f.repository(false);
        String service = f.text("service", false, MAX_TEXT);
        if (f.absent("repository") && f.absent("service")) {
            f.errors.add("missing field 'repository' or 'service' (at least one is required)");
        }
        OffsetDateTime resolved = f.time("resolved_at", false);
        if (opened != null && resolved != null && resolved.isBefore(opened)) {
            f.errors.add("'resolved_at' must not be before 'opened_at'");
        }
        f.sha("caused_by_sha", false);
        f.url("url");
        if (!f.errors.isEmpty()) {
            return Validation.invalid(f.errors);
        }
        String action = f.absent("resolved_at") ? "opened" : "resolved";
        return new Validation(new Report(Report.INCIDENT, action, id, Report.incidentDeliveryId(id, action), repository,
                owner(repository)), List.of());
    }

    /** {@code POST /events/pagerduty}: a v3 webhook, {@code {"event": {"id", "event_type", ...}}}. */
    public Validation pagerDuty(byte[] body) {
        Fields top = fields(body);
        if (top == null) {
            return Validation.invalid(List.of(notAnObject()));
        }
        JsonNode event = top.node.get("event");
        if (event == null || !event.isObject()) {
            return Validation.invalid(List.of(event == null || event.isNull()
                    ? "missing field 'event' (a PagerDuty v3 webhook body is {\"event\": {...}})"
                    : "'event' must be an object"));
        }
        Fields f = new Fields((com.fasterxml.jackson.databind.node.ObjectNode) event, "event.");
        String id = f.text("id", true, MAX_ID);
        String type = f.text("event_type", true, MAX_TEXT);
        if (!f.errors.isEmpty()) {
            return Validation.invalid(f.errors);
        }
        return new Validation(new Report(Report.PAGERDUTY, type, id, Report.pagerDutyDeliveryId(id), null, null),
                List.of());
    }

    private static String notAnObject() {
        return "body must be one JSON object";
    }

    /** The body's fields, or null when it is not one JSON object; a syntax error is reported by the caller. */
    private static Fields fields(byte[] body) {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedReportException("body is not valid JSON: " + firstLine(e.getOriginalMessage()));
        } catch (java.io.IOException e) {
            throw new MalformedReportException("body is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            return null;
        }
        return new Fields((com.fasterxml.jackson.databind.node.ObjectNode) node, "");
    }

    /** The body is not JSON at all (or holds a duplicate key). */
    public static final class MalformedReportException extends RuntimeException {
        MalformedReportException(String message) {
            super(message);
        }
    }

    private static String owner(String repository) {
        return repository == null ? null : repository.substring(0, repository.indexOf('/'));
    }

    /** Reads fields of one object, collecting an error per missing or invalid one. */
    private static final class Fields {
        final com.fasterxml.jackson.databind.node.ObjectNode node;
        final String prefix;
        final List<String> errors = new ArrayList<>();

        Fields(com.fasterxml.jackson.databind.node.ObjectNode node, String prefix) {
            this.node = node;
            this.prefix = prefix;
        }

        boolean absent(String name) {
            JsonNode v = node.get(name);
            return v == null || v.isNull();
        }

        /** A string field; null (with an error when required or of the wrong type) otherwise. */
        String text(String name, boolean required, int maxLength) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                if (required) {
                    errors.add("missing field '" + prefix + name + "'");
                }
                return null;
            }
            if (!v.isTextual()) {
                errors.add("'" + prefix + name + "' must be a string (was " + kind(v) + ")");
                return null;
            }
            String s = v.textValue();
            if (s.isBlank()) {
                errors.add("'" + prefix + name + "' must not be empty");
                return null;
            }
            if (s.length() > maxLength) {
                errors.add("'" + prefix + name + "' must be at most " + maxLength + " characters (was " + s.length() + ")");
                return null;
            }
            return s;
        }

        String id() {
            return text("id", true, MAX_ID);
        }

        String repository(boolean required) {
            String s = text("repository", required, 201);
            if (s != null && !REPOSITORY.matcher(s).matches()) {
                errors.add("'" + prefix + "repository' must be \"owner/name\" (was " + quote(s) + ")");
                return null;
            }
            return s;
        }

        void sha(String name, boolean required) {
            String s = text(name, required, MAX_TEXT);
            if (s != null && !SHA.matcher(s).matches()) {
                errors.add("'" + prefix + name + "' must be 7 to 64 hexadecimal characters (was " + quote(s) + ")");
            }
        }

        OffsetDateTime time(String name, boolean required) {
            String s = text(name, required, MAX_TEXT);
            if (s == null) {
                return null;
            }
            String problem = "'" + prefix + name + "' must be an RFC 3339 date-time such as 2026-01-31T14:05:00Z (was "
                    + quote(s) + ")";
            if (!RFC3339.matcher(s).matches()) {
                errors.add(problem);
                return null;
            }
            try {
                return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            } catch (DateTimeParseException e) {
                errors.add(problem);
                return null;
            }
        }

        void url(String name) {
            String s = text(name, false, 2000);
            if (s == null) {
                return;
            }
            try {
                URI uri = new URI(s);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                    errors.add("'" + prefix + name + "' must be an http(s) URL (was " + quote(s) + ")");
                }
            } catch (URISyntaxException e) {
                errors.add("'" + prefix + name + "' must be an http(s) URL (was " + quote(s) + ")");
            }
        }
    }

    private static String kind(JsonNode v) {
        return switch (v.getNodeType()) {
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> v.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    /** A value echoed in an error, quoted and cut short. */
    private static String quote(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return "\"" + cut.replace("\"", "\\\"") + "\"";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unexpected end of input";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
