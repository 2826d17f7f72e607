package dev.gma.leech.transforms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gma.leech.LeechMetrics;
import dev.gma.leech.model.DeadLetter;
import dev.gma.leech.model.LeechStatus;
import dev.gma.leech.model.PendingEvent;
import dev.gma.leech.model.WorkflowRunJob;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Pattern;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Step 2, "Parse workflow runs": the payload becomes the run to fetch. A payload that cannot be
 * read (not JSON, no installation, no workflow_run, unsafe names) becomes a FAILURE status and a
 * dead letter; a run that is not completed is skipped and counted.
 */
public final class ParseWorkflowRuns extends PTransform<PCollection<PendingEvent>, PCollectionTuple> {

    public static final TupleTag<WorkflowRunJob> RUNS = new TupleTag<>() {};
    public static final TupleTag<LeechStatus> FAILED = new TupleTag<>() {};
    public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

    static final String STEP = "Parse workflow runs";

    @Override
    public PCollectionTuple expand(PCollection<PendingEvent> events) {
        PCollectionTuple out = events.apply(STEP, ParDo.of(new ParseFn())
                .withOutputTags(RUNS, TupleTagList.of(FAILED).and(DEAD_LETTERS)));
        out.get(RUNS).setCoder(SerializableCoder.of(WorkflowRunJob.class));
        out.get(FAILED).setCoder(SerializableCoder.of(LeechStatus.class));
        out.get(DEAD_LETTERS).setCoder(SerializableCoder.of(DeadLetter.class));
        return out;
    }

    /** Thrown for a payload that can never be fetched as it is. */
    static final class UnreadablePayloadException extends Exception {
        UnreadablePayloadException(String message) {
            super(message);
        }
    }

    static final class ParseFn extends DoFn<PendingEvent, WorkflowRunJob> {

        // GitHub logins are letters, digits and '-'; repository names add '.' and '_'. Anything else
        // (a '/' or '..') could escape the bucket prefix, so it is refused rather than cleaned.
        private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})");
        private static final Pattern REPO = Pattern.compile("(?!\\.{1,2}$)[A-Za-z0-9._-]{1,100}");
        private static final ObjectMapper JSON = new ObjectMapper();

        @ProcessElement
        public void process(@Element PendingEvent event, MultiOutputReceiver out) {
            try {
                JsonNode payload = JSON.readTree(payloadText(event));
                JsonNode run = required(payload, "workflow_run");
                if (!"completed".equals(run.path("status").asText())) {
                    LeechMetrics.NOT_COMPLETED.inc();
                    return;
                }
                out.get(RUNS).output(job(event, payload, run));
            } catch (UnreadablePayloadException | IOException e) {
                String error = "cannot read the workflow_run payload: " + e.getMessage();
                LeechMetrics.FAILURE.inc();
                LeechMetrics.DEAD_LETTERS.inc();
                out.get(FAILED).output(LeechStatus.unreadable(event, Instant.now(), error));
                out.get(DEAD_LETTERS).output(new DeadLetter(STEP, event.deliveryId(), describe(event), error));
            }
        }

        private static WorkflowRunJob job(PendingEvent event, JsonNode payload, JsonNode run)
                throws UnreadablePayloadException {
            long installation = positive(required(payload, "installation").path("id"), "installation.id");
            JsonNode repository = payload.has("repository") ? payload.get("repository") : run.path("repository");
            String owner = name(repository.path("owner").path("login").asText(null), OWNER, "repository.owner.login");
            String repo = name(repository.path("name").asText(null), REPO, "repository.name");
            long runId = positive(run.path("id"), "workflow_run.id");
            int runAttempt = run.path("run_attempt").asInt(1);
            return new WorkflowRunJob(event.deliveryId(), event.attempt(), owner, repo, runId,
                    Math.max(1, runAttempt), installation, run.path("actor").path("login").asText(null),
                    run.path("html_url").asText(null));
        }

        private static String payloadText(PendingEvent event) throws IOException, UnreadablePayloadException {
            if (event.payload() != null) {
                return event.payload();
            }
            if (event.payloadUri() == null) {
                throw new UnreadablePayloadException("the event has neither a payload nor a payload_uri");
            }
            try (InputStream in = Channels.newInputStream(
                    FileSystems.open(FileSystems.matchNewResource(resourceSpec(event.payloadUri()), false)))) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }

        /**
         * Beam's local file system takes paths, not {@code file:} URIs, and the local webhook store
         * writes payload_uri as a {@code file:} URI; {@code gs://} URIs pass as they are.
         */
        static String resourceSpec(String payloadUri) {
            return payloadUri.startsWith("file:") ? Path.of(URI.create(payloadUri)).toString() : payloadUri;
        }

        private static JsonNode required(JsonNode node, String field) throws UnreadablePayloadException {
            JsonNode value = node.get(field);
            if (value == null || !value.isObject()) {
                throw new UnreadablePayloadException("no '" + field + "' object in the payload");
            }
            return value;
        }

        private static long positive(JsonNode value, String field) throws UnreadablePayloadException {
            if (!value.canConvertToLong() || value.asLong() <= 0) {
                throw new UnreadablePayloadException("'" + field + "' is missing or not a positive number");
            }
            return value.asLong();
        }

        private static String name(String value, Pattern allowed, String field) throws UnreadablePayloadException {
            if (value == null || !allowed.matcher(value).matches()) {
                throw new UnreadablePayloadException("'" + field + "' is missing or not a valid GitHub name: "
                        + (value == null ? "null" : "'" + value + "'"));
            }
            return value;
        }

        private static String describe(PendingEvent event) {
            return event.payload() != null ? event.payload() : "payload_uri=" + event.payloadUri();
        }
    }
}
