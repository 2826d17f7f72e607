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

/**
 * Wires the intake of reported deployments and incidents and of PagerDuty webhooks onto the
 * same {@link DeliveryHandler} as GitHub deliveries. Local mode without tokens or PagerDuty
 * secrets uses documented development values ({@link EventsStartupNotice} says so at start-up).
 */
@Factory
public class EventsFactory {

    @Singleton
    ReportIntake reportIntake(EventsSettings settings, Environment environment, DeliveryHandler handler) {
        boolean gcp = environment.getActiveNames().contains(Modes.GCP);
        List<String> tokens = usesDevelopmentToken(settings, gcp)
                ? List.of(EventsSettings.LOCAL_DEVELOPMENT_TOKEN)
                : SignatureVerifier.parseSecrets(settings.tokens());
        List<String> pagerDuty = usesDevelopmentPagerDutySecret(settings, gcp)
                ? List.of(EventsSettings.LOCAL_PAGERDUTY_SECRET)
                : SignatureVerifier.parseSecrets(settings.pagerdutySecrets());
        return new ReportIntake(new BearerTokens(tokens), new PagerDutySignature(pagerDuty), handler,
                settings.maxBodyBytes());
    }

    static boolean usesDevelopmentToken(EventsSettings settings, boolean gcp) {
        return !gcp && SignatureVerifier.parseSecrets(settings.tokens()).isEmpty();
    }

    static boolean usesDevelopmentPagerDutySecret(EventsSettings settings, boolean gcp) {
        return !gcp && SignatureVerifier.parseSecrets(settings.pagerdutySecrets()).isEmpty();
    }
}
