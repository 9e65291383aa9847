package io.medulla.planning;

import static io.medulla.planning.Fixtures.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchProfileTest {
  @Test
  void sizesBetweenListedOnesLieOnTheLine() {
    BatchProfile profile = BatchProfile.of(Map.of(1, ms(5), 8, ms(16)));

    // 5 ms + 3 × (16 - 5) / 7 ms = 9.714 ms.
    assertThat(profile.executionSeconds(4)).isCloseTo(0.0097142857, within(1e-9));
    assertThat(profile.executionTime(8)).isEqualTo(ms(16));
    assertThat(profile.maxBatchSize()).isEqualTo(8);
  }

  @Test
  void sizesBelowTheSmallestListedTakeItsTime() {
    BatchProfile profile = BatchProfile.of(Map.of(4, ms(8), 8, ms(12)));

    assertThat(profile.executionTime(1)).isEqualTo(ms(8));
    assertThat(profile.executionTime(6)).isEqualTo(ms(10));
  }

  @Test
  void noSizeBeyondTheLargestListed() {
    BatchProfile profile = BatchProfile.of(Map.of(1, ms(5), 8, ms(16)));

    assertThatThrownBy(() -> profile.executionTime(9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1..8");
  }

  @Test
  void rejectsEmptyZeroAndNegativeEntries() {
    assertThatThrownBy(() -> BatchProfile.of(Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BatchProfile.of(Map.of(0, ms(1))))
        .hasMessageContaining("batch size: 0");
    assertThatThrownBy(() -> BatchProfile.of(Map.of(2, ms(0))))
        .hasMessageContaining("execution time for batch 2");
  }
}
