package io.medulla.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExecutionEstimatorTest {
  @Test
  void knowsNothingBeforeTheFirstRun() {
    ExecutionEstimator e = new ExecutionEstimator(8);
    assertThat(e.hasData()).isFalse();
    assertThat(e.nanos(4)).isZero();
  }

  @Test
  void seenSizesUseTheirOwnAverageAndOthersALinearFit() {
    ExecutionEstimator e = new ExecutionEstimator(8);
    for (int i = 0; i < 20; i++) {
      e.record(1, 2_000);
      e.record(4, 5_000);
    }
    assertThat(e.nanos(1)).isEqualTo(2_000);
    assertThat(e.nanos(4)).isEqualTo(5_000);
    assertThat(e.nanos(8)).isBetween(8_900L, 9_100L);
    assertThat(e.nanos(100)).isEqualTo(e.nanos(8));
  }

  @Test
  void withOneSizeSeenOtherSizesCostTheSame() {
    ExecutionEstimator e = new ExecutionEstimator(8);
    e.record(2, 3_000);
    assertThat(e.nanos(8)).isEqualTo(3_000);
    assertThat(e.typicalBatchSize()).isEqualTo(2);
  }
}
