package io.medulla.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.runtime.ModelProfile.Point;
import org.junit.jupiter.api.Test;

class ProfileSamplesTest {
  @Test
  void nearestRankPercentilesMeanAndItemThroughput() {
    long[] nanos = new long[100];
    for (int i = 0; i < nanos.length; i++) {
      nanos[i] = (100 - i) * 1_000L; // 100 µs down to 1 µs, unsorted on purpose
    }

    // 100 executions of batch 4 in 50 ms of wall time: 400 items / 0.05 s.
    Point p = ProfileSamples.point(4, 2, nanos, 50_000_000);

    assertThat(p.batchSize()).isEqualTo(4);
    assertThat(p.instances()).isEqualTo(2);
    assertThat(p.concurrency()).isEqualTo(2);
    assertThat(p.p50Nanos()).isEqualTo(50_000);
    assertThat(p.p99Nanos()).isEqualTo(99_000);
    assertThat(p.meanNanos()).isEqualTo(50_500);
    assertThat(p.throughputPerSecond()).isEqualTo(8_000.0);
    assertThat(p.samples()).isEqualTo(100);
    assertThat(nanos[0]).as("the caller's samples are left unsorted").isEqualTo(100_000);
  }

  @Test
  void fewSamplesMakeTheP99TheLargest() {
    Point p = ProfileSamples.point(1, 1, new long[] {3, 1, 2}, 6);

    assertThat(p.p50Nanos()).isEqualTo(2);
    assertThat(p.p99Nanos()).isEqualTo(3);
  }

  @Test
  void noWallTimeGivesNoThroughputRatherThanInfinity() {
    assertThat(ProfileSamples.point(1, 1, new long[] {0, 0}, 0).throughputPerSecond()).isZero();
  }

  @Test
  void refusesAnEmptySample() {
    assertThatThrownBy(() -> ProfileSamples.point(1, 1, new long[0], 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
