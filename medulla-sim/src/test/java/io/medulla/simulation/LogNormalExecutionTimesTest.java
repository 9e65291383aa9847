package io.medulla.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LogNormalExecutionTimesTest {
  private static final LogNormalExecutionTimes TIMES =
      LogNormalExecutionTimes.of(
          Map.of(
              "ct",
              Map.of(
                  1, SimFixtures.spread(10, 30),
                  4, SimFixtures.spread(16, 36),
                  8, SimFixtures.spread(24, 40)),
              "flat",
              Map.of(2, SimFixtures.constant(5))));

  private static long[] draws(String model, int batch, int n) {
    SplittableRandom rng = new SplittableRandom(42);
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = TIMES.sample(model, batch, rng).toNanos();
    }
    Arrays.sort(out);
    return out;
  }

  /**
   * 200,000 draws: the sample median and p99 of a log-normal are within about 0.5% and 1.5% of the
   * true ones (one standard error); the tolerances are three to four times that.
   */
  @Test
  void drawsReproduceTheMeasuredPercentiles() {
    long[] d = draws("ct", 1, 200_000);

    assertThat(d[100_000] / 1e6).isCloseTo(10, within(0.2));
    assertThat(d[198_000] / 1e6).isCloseTo(30, within(1.5));
  }

  @Test
  void unmeasuredSizesFollowTheLineBetweenMeasuredOnes() {
    assertThat(TIMES.percentiles("ct", 2))
        .isEqualTo(new ExecutionPercentiles(Duration.ofMillis(12), Duration.ofNanos(32_000_000)));
    assertThat(TIMES.percentiles("ct", 6))
        .isEqualTo(new ExecutionPercentiles(Duration.ofMillis(20), Duration.ofMillis(38)));
    long[] d = draws("ct", 6, 100_000);
    assertThat(d[50_000] / 1e6).isCloseTo(20, within(0.4));
  }

  @Test
  void beyondTheLargestSizeTimesGrowAlongTheLastSegment() {
    // From 4 to 8: +2 ms per sample at p50, +1 ms at p99.
    assertThat(TIMES.percentiles("ct", 10))
        .isEqualTo(new ExecutionPercentiles(Duration.ofMillis(28), Duration.ofMillis(42)));
    // One measured size: constant on both sides.
    assertThat(TIMES.percentiles("flat", 1)).isEqualTo(SimFixtures.constant(5));
    assertThat(TIMES.percentiles("flat", 64)).isEqualTo(SimFixtures.constant(5));
  }

  @Test
  void equalPercentilesGiveAConstantTime() {
    assertThat(draws("flat", 3, 1000)).containsOnly(5_000_000L);
  }

  @Test
  void theSameSeedGivesTheSameDraws() {
    assertThat(draws("ct", 4, 100)).isEqualTo(draws("ct", 4, 100));
  }

  @Test
  void itCoversOnlyProfiledModels() {
    assertThat(TIMES.covers("ct")).isTrue();
    assertThat(TIMES.covers("mri")).isFalse();
    assertThatThrownBy(() -> TIMES.sample("mri", 1, new SplittableRandom(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'mri' has no execution profile");
  }

  @Test
  void badProfilesAreRefused() {
    assertThatThrownBy(() -> LogNormalExecutionTimes.of(Map.of("m", Map.of())))
        .hasMessageContaining("m: no batch sizes");
    assertThatThrownBy(
            () -> LogNormalExecutionTimes.of(Map.of("m", Map.of(0, SimFixtures.constant(1)))))
        .hasMessageContaining("batch size 0");
    assertThatThrownBy(() -> SimFixtures.spread(10, 5)).hasMessageContaining("expected: >= p50");
  }
}
