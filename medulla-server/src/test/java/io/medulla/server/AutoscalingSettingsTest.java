package io.medulla.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.autoscaling.ScalingSettings;
import io.medulla.scheduling.ClinicalPriority;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AutoscalingSettingsTest {
  @Test
  void withoutFlagsTheDefaultsHold() {
    AutoscalingSettings s = AutoscalingSettings.fromFlags(1, 1, 10, List.of());

    assertThat(s).isEqualTo(AutoscalingSettings.defaults());
    assertThat(ServerConfig.defaults(java.nio.file.Path.of(".")).autoscaling()).isEqualTo(s);
  }

  @Test
  void eachSloFlagReplacesItsClassOnly() {
    AutoscalingSettings s =
        AutoscalingSettings.fromFlags(3, 2, 8, List.of("stat=20ms", "BULK=5m", "routine=1s"));

    assertThat(s.replicas()).isEqualTo(3);
    assertThat(s.policy().minReplicas()).isEqualTo(2);
    assertThat(s.policy().maxReplicas()).isEqualTo(8);
    assertThat(s.policy().queueDelaySlos())
        .containsEntry(ClinicalPriority.STAT, Duration.ofMillis(20))
        .containsEntry(ClinicalPriority.URGENT, ScalingSettings.URGENT_SLO)
        .containsEntry(ClinicalPriority.ROUTINE, Duration.ofSeconds(1))
        .containsEntry(ClinicalPriority.BULK, Duration.ofMinutes(5));
  }

  @Test
  void badFlagsAreRefusedNamingTheFlag() {
    assertThatThrownBy(() -> AutoscalingSettings.fromFlags(1, 1, 10, List.of("stat:50ms")))
        .hasMessageStartingWith("--slo-queue-delay stat:50ms: expected: CLASS=DURATION");
    assertThatThrownBy(() -> AutoscalingSettings.fromFlags(1, 1, 10, List.of("asap=50ms")))
        .hasMessageContaining("unknown class");
    assertThatThrownBy(() -> AutoscalingSettings.fromFlags(1, 1, 10, List.of("stat=0s")))
        .hasMessageContaining("above zero");
    assertThatThrownBy(() -> AutoscalingSettings.fromFlags(1, 1, 10, List.of("stat=1s", "STAT=2s")))
        .hasMessageContaining("class stat given twice");
    assertThatThrownBy(() -> AutoscalingSettings.fromFlags(0, 1, 10, List.of()))
        .hasMessageContaining("--replicas");
    assertThatThrownBy(() -> AutoscalingSettings.fromFlags(1, 0, 10, List.of()))
        .hasMessageContaining("--autoscale-min-replicas");
    assertThatThrownBy(() -> AutoscalingSettings.fromFlags(1, 5, 4, List.of()))
        .hasMessageContaining("--autoscale-max-replicas: 4");
  }
}
