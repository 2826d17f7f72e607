package dev.gma.webhook.config;

import dev.gma.config.Modes;
import dev.gma.webhook.domain.DeliveryHandler;
import dev.gma.webhook.domain.SignatureVerifier;
import dev.gma.webhook.events.BearerTokens;
import dev.gma.webhook.events.PagerDutySignature;
import dev.gma.webhook.events.ReportIntake;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the intake of reported deployments and incidents and of PagerDuty webhooks onto the
 * same {@link DeliveryHandler} as GitHub deliveries. Local mode without tokens or PagerDuty
 * secrets uses documented development values and says so (never the values themselves).
 */
@Factory
public class EventsFactory {

    private static final Logger LOG = LoggerFactory.getLogger(EventsFactory.class);

    @Singleton
    ReportIntake reportIntake(EventsSettings settings, Environment environment, DeliveryHandler handler) {
        boolean gcp = environment.getActiveNames().contains(Modes.GCP);
        List<String> tokens = SignatureVerifier.parseSecrets(settings.tokens());
        if (tokens.isEmpty() && !gcp) {
            LOG.warn("GMA_EVENTS_TOKENS is not set: local mode accepts reports to /events/deployments and "
                    + "/events/incidents with the documented local development token (see docs/events.md)");
            tokens = List.of(EventsSettings.LOCAL_DEVELOPMENT_TOKEN);
        }
        List<String> pagerDuty = SignatureVerifier.parseSecrets(settings.pagerdutySecrets());
        if (pagerDuty.isEmpty() && !gcp) {
            LOG.warn("PAGERDUTY_WEBHOOK_SECRETS is not set: local mode verifies PagerDuty webhooks with the "
                    + "documented local development secret (see docs/events.md)");
            pagerDuty = List.of(EventsSettings.LOCAL_PAGERDUTY_SECRET);
        } else if (pagerDuty.isEmpty()) {
            LOG.info("PAGERDUTY_WEBHOOK_SECRETS is not set: POST /events/pagerduty refuses every delivery");
        }
        return new ReportIntake(new BearerTokens(tokens), new PagerDutySignature(pagerDuty), handler,
                settings.maxBodyBytes());
    }
}
