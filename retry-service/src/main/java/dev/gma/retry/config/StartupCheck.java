package dev.gma.retry.config;

import dev.gma.config.Modes;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.env.Environment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates the settings when the application context starts, before any adapter or client is
 * built, so a misconfigured service stops at once with one message naming every bad or missing
 * variable (and {@code java -jar} exits non-zero), not on its first run.
 */
@Context
public class StartupCheck {

    public StartupCheck(Environment environment, RetrySettings retry, GcpSettings gcp) {
        List<String> problems = new ArrayList<>();
        if (retry.retryLimit() < 1) {
            problems.add("RETRY_LIMIT must be at least 1 (was " + retry.retryLimit() + ")");
        }
        positive(problems, "LOCK_TTL", retry.lockTtl());
        positive(problems, "RUN_TIMEOUT", retry.runTimeout());
        positive(problems, "EVENTS_LOOKUP_MARGIN", retry.lookupMargin());
        if (retry.lockClockSkew().isNegative()) {
            problems.add("LOCK_TTL_CLOCK_SKEW must not be negative (was " + retry.lockClockSkew() + ")");
        }
        if (blank(retry.appId())) {
            problems.add("GITHUB_APP_ID is required (the App's numeric id)");
        }
        if (environment.getActiveNames().contains(Modes.GCP)) {
            gcp.missing().forEach(variable -> problems.add(variable + " is required in GCP mode"));
            if (blank(retry.privateKey())) {
                checkSecret(gcp, problems);
            }
        } else if (blank(retry.privateKey())) {
            problems.add("GITHUB_PRIVATE_KEY is required (the App's PEM private key)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid configuration: " + String.join("; ", problems));
        }
    }

    private static void checkSecret(GcpSettings gcp, List<String> problems) {
        if (!gcp.hasPrivateKeySecret()) {
            problems.add("GITHUB_PRIVATE_KEY_SECRET_ID (or GITHUB_PRIVATE_KEY) is required in GCP mode");
            return;
        }
        try {
            gcp.privateKeySecretVersion();
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
    }

    private static void positive(List<String> problems, String variable, Duration value) {
        if (value.isZero() || value.isNegative()) {
            problems.add(variable + " must be positive (was " + value + ")");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
