package dev.gma.config;

import java.util.Collection;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Endpoint overrides that point the real Google clients at a local test double and switch them
 * to {@code NoCredentials}. They are test hooks, so they are read only from JVM system
 * properties ({@code -Dgma.test.bigquery-host=...}) and only when the Micronaut environment
 * {@code test} is active; never from environment variables or configuration files, which
 * Micronaut would otherwise map onto them (GMA_TEST_BIGQUERY_HOST, say). In production neither
 * holds, and the clients talk to Google with the runtime's credentials.
 */
public final class TestHooks {

    /** The Micronaut environment the hooks require ({@code io.micronaut.context.env.Environment.TEST}). */
    public static final String TEST_ENVIRONMENT = "test";

    /** BigQuery's endpoint, e.g. {@code http://127.0.0.1:PORT}. */
    public static final String BIGQUERY_HOST = "gma.test.bigquery-host";
    /** Cloud Storage's endpoint. */
    public static final String STORAGE_HOST = "gma.test.storage-host";
    /** Secret Manager's endpoint (HTTP/JSON transport), e.g. {@code http://127.0.0.1:PORT}. */
    public static final String SECRET_MANAGER_ENDPOINT = "gma.test.secret-manager-endpoint";

    private static final Logger LOG = LoggerFactory.getLogger(TestHooks.class);

    private TestHooks() {}

    /**
     * The override named {@code property}: the system property's value when it is set and the
     * {@code test} environment is active; empty otherwise (a set property outside a test
     * environment is ignored, with a warning).
     */
    public static Optional<String> endpoint(String property, Collection<String> activeEnvironments) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        if (!activeEnvironments.contains(TEST_ENVIRONMENT)) {
            LOG.warn("ignoring the test hook {}: it applies only in the Micronaut environment '{}'",
                    property, TEST_ENVIRONMENT);
            return Optional.empty();
        }
        return Optional.of(value.strip());
    }
}
