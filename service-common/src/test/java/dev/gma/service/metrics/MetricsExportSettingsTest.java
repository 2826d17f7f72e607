package dev.gma.service.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The export settings refuse what Cloud Monitoring would refuse, and publish only where they should. */
class MetricsExportSettingsTest {

    @Test
    void publishesOnCloudRunOnlyUnlessForced() {
        MetricsExportSettings auto = new MetricsExportSettings("", Duration.ofMinutes(1), "p");
        assertThat(auto.publishes(Map.of("K_SERVICE", "webhook"))).isTrue();
        assertThat(auto.publishes(Map.of())).isFalse();
        assertThat(new MetricsExportSettings(" TRUE ", Duration.ofMinutes(1), "p").publishes(Map.of())).isTrue();
        assertThat(new MetricsExportSettings("false", Duration.ofMinutes(1), "p").publishes(Map.of("K_SERVICE", "x"))).isFalse();
    }

    @Test
    void gcpModeWithoutAProjectStopsStartUpNamingTheSetting() {
        assertThatThrownBy(() -> new CloudMonitoringExport().stackdriverConfig(new MetricsExportSettings("", Duration.ofMinutes(1), " ")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("PROJECT_ID must be set");
        assertThat(new CloudMonitoringExport().stackdriverConfig(new MetricsExportSettings("false", Duration.ofMinutes(2), " gma-prod "))
                .projectId()).isEqualTo("gma-prod");
    }

    @Test
    void refusesAnUnknownSwitchAndAStepUnderTenSeconds() {
        assertThatThrownBy(() -> new MetricsExportSettings("yes", Duration.ofMinutes(1), "p"))
                .hasMessageContaining("METRICS_EXPORT_ENABLED must be true, false or empty");
        assertThatThrownBy(() -> new MetricsExportSettings("", Duration.ofSeconds(5), "p"))
                .hasMessageContaining("METRICS_EXPORT_STEP must be at least 10s");
    }
}
