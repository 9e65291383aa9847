package io.medulla.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SchedulingOptionsTest {
  @Test
  void defaultsAreModestDurations() {
    SchedulingOptions o = SchedulingOptions.parse("g3");

    assertThat(o.scenario()).isEqualTo("g3");
    assertThat(o.measure()).isEqualTo(Duration.ofSeconds(4));
    assertThat(o.warmup()).isEqualTo(Duration.ofSeconds(1));
    assertThat(o.sloScale()).isEqualTo(5.0);
  }

  @Test
  void fractionalSecondsAreAccepted() {
    assertThat(SchedulingOptions.parse("g2", "--secs", "0.5").measure())
        .isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void anUnknownScenarioIsRejectedWithItsName() {
    assertThatThrownBy(() -> SchedulingOptions.parse("g9"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("g9");
  }

  @Test
  void aFlagWithoutValueIsRejected() {
    assertThatThrownBy(() -> SchedulingOptions.parse("g2", "--secs"))
        .hasMessageContaining("--secs");
  }
}
