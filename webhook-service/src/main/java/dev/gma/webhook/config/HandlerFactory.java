package dev.gma.webhook.config;

import dev.gma.config.Modes;
import dev.gma.webhook.domain.DeadLetterPublisher;
import dev.gma.webhook.domain.DeliveryHandler;
import dev.gma.webhook.domain.EventPublisher;
import dev.gma.webhook.domain.FailureLog;
import dev.gma.webhook.domain.FaultInjectingPublisher;
import dev.gma.webhook.domain.SignatureVerifier;
import dev.gma.webhook.domain.WebhookIntake;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import dev.gma.webhook.metrics.MeteredPorts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the domain objects from the settings and whichever adapters the mode selected. */
@Factory
public class HandlerFactory {

    private static final Logger LOG = LoggerFactory.getLogger(HandlerFactory.class);

    /** The one publish path of every intake: GitHub deliveries and reported deployments and incidents alike. */
    @Singleton
    DeliveryHandler deliveryHandler(WebhookSettings settings, FaultSettings fault, EventPublisher publisher,
                                    FailureLog failures, DeadLetterPublisher deadLetters, MeterRegistry registry,
                                    @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        EventPublisher effective = MeteredPorts.publisher(
                FaultInjectingPublisher.decorate(publisher, fault.publishFailureRate(), fault.seed()), registry);
        return new DeliveryHandler(effective, MeteredPorts.failures(failures, registry),
                MeteredPorts.deadLetters(deadLetters, registry), settings.retryLimit(), Clock.systemUTC(), blocking);
    }

    @Singleton
    WebhookIntake intake(WebhookSettings settings, Environment environment, DeliveryHandler handler) {
        return new WebhookIntake(verifier(settings, environment), handler, settings.maxBodyBytes(),
                settings.spoolDir());
    }

    private static SignatureVerifier verifier(WebhookSettings settings, Environment environment) {
        List<String> secrets = SignatureVerifier.parseSecrets(settings.secret());
        if (secrets.isEmpty() && !environment.getActiveNames().contains(Modes.GCP)) {
            LOG.warn("GITHUB_WEBHOOK_SECRET is not set: local mode verifies signatures with the "
                    + "documented local development secret (see README)");
            secrets = List.of(WebhookSettings.LOCAL_DEVELOPMENT_SECRET);
        }
        return new SignatureVerifier(secrets);
    }
}
