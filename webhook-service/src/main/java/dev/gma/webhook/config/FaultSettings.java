package dev.gma.webhook.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Fault injection for system tests, bound from {@code gma.webhook.fault.*}. Off by default;
 * never turn it on in production.
 *
 * @param publishFailureRate GMA_FAULT_PUBLISH_FAILURE_RATE: fraction of publish attempts that fail
 *                           on purpose, in [0, 1); 0 (the default) is off
 * @param seed               GMA_FAULT_SEED: seeds the generator that picks the failing attempts
 */
@ConfigurationProperties("gma.webhook.fault")
public record FaultSettings(
        @Bindable(defaultValue = "0") double publishFailureRate,
        @Bindable(defaultValue = "0") long seed) {

    public boolean enabled() {
        return publishFailureRate > 0;
    }
}
