package dev.gma.webhook.config;

import dev.gma.config.Modes;
import dev.gma.webhook.domain.SignatureVerifier;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.env.Environment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates the settings when the application context starts, so a misconfigured service
 * fails at once with a message that names the setting, not on its first delivery.
 */
@Context
public class StartupCheck {

    private static final Logger LOG = LoggerFactory.getLogger(StartupCheck.class);

    /** PUBSUB_EMULATOR_HOST as Micronaut (and micronaut-gcp-pubsub) sees it. */
    static final String EMULATOR_HOST = "pubsub.emulator.host";

    public StartupCheck(Environment environment, WebhookSettings webhook, GcpSettings gcp, FaultSettings fault,
                        EventsSettings events) {
        List<String> problems = new ArrayList<>();
        if (webhook.retryLimit() < 1) {
            problems.add("RETRY_LIMIT must be at least 1 (was " + webhook.retryLimit() + ")");
        }
        if (events.maxBodyBytes() < 1 || events.maxBodyBytes() > webhook.maxBodyBytes()) {
            problems.add("gma.events.max-body-bytes must be positive and at most gma.webhook.max-body-bytes");
        }
        if (webhook.maxBodyBytes() < 1) {
            problems.add("gma.webhook.max-body-bytes must be positive");
        }
        if (!(fault.publishFailureRate() >= 0 && fault.publishFailureRate() < 1)) {
            problems.add("GMA_FAULT_PUBLISH_FAILURE_RATE must be in [0, 1) (was " + fault.publishFailureRate() + ")");
        }
        if (environment.getActiveNames().contains(Modes.GCP)) {
            checkGcp(webhook, gcp, problems);
            if (SignatureVerifier.parseSecrets(events.tokens()).isEmpty()) {
                problems.add("GMA_EVENTS_TOKENS is required in GCP mode (bearer tokens of /events/deployments and /events/incidents)");
            }
            if (fault.enabled() && environment.getProperty(EMULATOR_HOST, String.class).filter(h -> !h.isBlank()).isEmpty()) {
                problems.add("GMA_FAULT_PUBLISH_FAILURE_RATE is for system tests only: in GCP mode it is refused unless "
                        + "PUBSUB_EMULATOR_HOST points at the Pub/Sub emulator; unset GMA_FAULT_PUBLISH_FAILURE_RATE");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid configuration: " + String.join("; ", problems));
        }
        if (fault.enabled()) {
            LOG.warn("FAULT INJECTION IS ON: a fraction {} of publish attempts will fail on purpose "
                    + "(GMA_FAULT_PUBLISH_FAILURE_RATE, seed {}). For system tests only; never set it in production.",
                    fault.publishFailureRate(), fault.seed());
        }
    }

    private static void checkGcp(WebhookSettings webhook, GcpSettings gcp, List<String> problems) {
        if (SignatureVerifier.parseSecrets(webhook.secret()).isEmpty()) {
            problems.add("GITHUB_WEBHOOK_SECRET is required in GCP mode");
        }
        Map<String, String> required = Map.of(
                "PROJECT_ID", gcp.projectId(),
                "DATASET_ID", gcp.datasetId(),
                "EVENTS_TOPIC_ID", gcp.eventsTopicId(),
                "DLQ_EVENTS_TOPIC_ID", gcp.dlqEventsTopicId(),
                "FAILURE_EVENTS_TABLE_ID", gcp.failureEventsTableId(),
                "PAYLOAD_BUCKET_NAME", gcp.payloadBucketName());
        required.entrySet().stream()
                .filter(e -> e.getValue() == null || e.getValue().isBlank())
                .map(e -> e.getKey() + " is required in GCP mode")
                .sorted()
                .forEach(problems::add);
    }
}
