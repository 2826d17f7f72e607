package dev.gma.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gma.testing.SystemProperties;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestHooksTest {

    @Test
    void aSystemPropertyIsHonouredOnlyInTheTestEnvironment() {
        try (SystemProperties hooks = SystemProperties.set(Map.of(TestHooks.BIGQUERY_HOST, " http://127.0.0.1:9 "))) {
            assertThat(TestHooks.endpoint(TestHooks.BIGQUERY_HOST, Set.of("gcp", "test"))).contains("http://127.0.0.1:9");
            assertThat(TestHooks.endpoint(TestHooks.BIGQUERY_HOST, Set.of("gcp"))).isEmpty();
        }
        assertThat(System.getProperty(TestHooks.BIGQUERY_HOST)).as("put back on close").isNull();
    }

    @Test
    void withoutTheSystemPropertyThereIsNoOverrideEvenInTheTestEnvironment() {
        assertThat(TestHooks.endpoint(TestHooks.STORAGE_HOST, Set.of("gcp", "test"))).isEmpty();
        try (SystemProperties blank = SystemProperties.set(Map.of(TestHooks.STORAGE_HOST, " "))) {
            assertThat(TestHooks.endpoint(TestHooks.STORAGE_HOST, Set.of("test"))).isEmpty();
        }
    }
}
