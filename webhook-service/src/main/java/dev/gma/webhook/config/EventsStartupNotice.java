package dev.gma.webhook.config;

import dev.gma.config.Modes;
import dev.gma.webhook.domain.SignatureVerifier;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.env.Environment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says at start-up (not at the first report) which credentials the {@code /events/*} routes use
 * when their settings are unset: the documented development values in local mode, and in GCP
 * mode that PagerDuty deliveries are refused. Never logs a value. {@link EventsFactory} applies
 * the same rules.
 */
@Context
public class EventsStartupNotice {

    private static final Logger LOG = LoggerFactory.getLogger(EventsStartupNotice.class);

    public EventsStartupNotice(EventsSettings settings, Environment environment) {
        boolean gcp = environment.getActiveNames().contains(Modes.GCP);
        if (EventsFactory.usesDevelopmentToken(settings, gcp)) {
            LOG.warn("GMA_EVENTS_TOKENS is not set: local mode accepts reports to /events/deployments and "
                    + "/events/incidents with the documented local development token (see docs/events.md)");
        }
        if (EventsFactory.usesDevelopmentPagerDutySecret(settings, gcp)) {
            LOG.warn("PAGERDUTY_WEBHOOK_SECRETS is not set: local mode verifies PagerDuty webhooks with the "
                    + "documented local development secret (see docs/events.md)");
        } else if (gcp && SignatureVerifier.parseSecrets(settings.pagerdutySecrets()).isEmpty()) {
            LOG.info("PAGERDUTY_WEBHOOK_SECRETS is not set: POST /events/pagerduty refuses every delivery");
        }
    }
}
