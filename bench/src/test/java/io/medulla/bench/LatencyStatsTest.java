package io.medulla.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyStatsTest {
  @Test
  void percentilesAreNearestRankInMicroseconds() {
    long[] nanos = new long[100];
    for (int i = 0; i < nanos.length; i++) {
      nanos[i] = (100 - i) * 1_000L; // 1..100 µs, unsorted
    }
    LatencyStats stats = LatencyStats.of(nanos);
    assertThat(stats.count()).isEqualTo(100);
    assertThat(stats.p50Micros()).isEqualTo(50.0);
    assertThat(stats.p90Micros()).isEqualTo(90.0);
    assertThat(stats.p99Micros()).isEqualTo(99.0);
    assertThat(stats.maxMicros()).isEqualTo(100.0);
    assertThat(stats.meanMicros()).isEqualTo(50.5);
  }

  @Test
  void aSingleSampleIsEveryPercentile() {
    LatencyStats stats = LatencyStats.of(new long[] {7_000});
    assertThat(stats.p50Micros()).isEqualTo(7.0);
    assertThat(stats.p999Micros()).isEqualTo(7.0);
  }

  @Test
  void anEmptySampleIsAllZeros() {
    assertThat(LatencyStats.of(new long[0])).isEqualTo(LatencyStats.EMPTY);
  }

  @Test
  void theInputIsNotReordered() {
    long[] nanos = {3, 1, 2};
    LatencyStats.of(nanos);
    assertThat(nanos).containsExactly(3, 1, 2);
  }
}
