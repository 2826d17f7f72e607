package dev.gma.dashboard.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gma.dashboard.domain.DoraLevels.Level;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The 2023 report's thresholds at their edges, and the percentiles the DORA tables use. */
class DoraLevelsTest {

    @Test
    void deploymentFrequencyEdges() {
        assertThat(DoraLevels.deploymentFrequency(1.0)).isEqualTo(Level.elite);
        assertThat(DoraLevels.deploymentFrequency(0.99)).isEqualTo(Level.high);
        assertThat(DoraLevels.deploymentFrequency(1.0 / 7)).isEqualTo(Level.high);
        assertThat(DoraLevels.deploymentFrequency(0.14)).isEqualTo(Level.medium);
        assertThat(DoraLevels.deploymentFrequency(1.0 / 30)).isEqualTo(Level.medium);
        assertThat(DoraLevels.deploymentFrequency(0.03)).isEqualTo(Level.low);
    }

    @Test
    void leadTimeChangeFailureAndRestoreEdges() {
        assertThat(DoraLevels.leadTime(23.9)).isEqualTo(Level.elite);
        assertThat(DoraLevels.leadTime(24)).isEqualTo(Level.high);
        assertThat(DoraLevels.leadTime(168)).isEqualTo(Level.medium);
        assertThat(DoraLevels.leadTime(720)).isEqualTo(Level.low);
        assertThat(DoraLevels.changeFailureRate(0.05)).isEqualTo(Level.elite);
        assertThat(DoraLevels.changeFailureRate(0.10)).isEqualTo(Level.high);
        assertThat(DoraLevels.changeFailureRate(0.15)).isEqualTo(Level.medium);
        assertThat(DoraLevels.changeFailureRate(0.16)).isEqualTo(Level.low);
        assertThat(DoraLevels.timeToRestore(0.99)).isEqualTo(Level.elite);
        assertThat(DoraLevels.timeToRestore(1)).isEqualTo(Level.high);
        assertThat(DoraLevels.timeToRestore(24)).isEqualTo(Level.medium);
        assertThat(DoraLevels.timeToRestore(168)).isEqualTo(Level.low);
    }

    @Test
    void percentilesInterpolateLikePercentileCont() {
        // dora_lead_time of octo-org/payments on 2026-11-21: median 3 h, p90 8.2 h
        List<Long> seconds = List.of(36000L, 3600L, 7200L, 14400L);
        assertThat(Stats.hours(Stats.median(seconds))).isEqualTo(3.0);
        assertThat(Stats.hours(Stats.percentile(seconds, 0.9))).isCloseTo(8.2, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(Stats.median(List.of())).isNull();
    }
}
