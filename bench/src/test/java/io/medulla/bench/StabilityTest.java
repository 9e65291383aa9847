package io.medulla.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StabilityTest {
  private static WindowResult window(double throughput, double p50) {
    return new WindowResult(1, throughput, new LatencyStats(1, p50, p50, p50, p50, p50, p50));
  }

  @Test
  void lastThreeWindowsWithinTenPercentAreStable() {
    Stability s =
        Stability.of(List.of(window(10, 900), window(100, 50), window(105, 52), window(96, 49)));
    assertThat(s.isStable()).isTrue();
    assertThat(s.detail()).contains("throughput within");
  }

  @Test
  void throughputSpreadOverTenPercentIsUnstable() {
    Stability s = Stability.of(List.of(window(100, 50), window(130, 50), window(100, 50)));
    assertThat(s.isStable()).isFalse();
  }

  @Test
  void latencySpreadOverTenPercentIsUnstable() {
    Stability s = Stability.of(List.of(window(100, 50), window(100, 70), window(100, 50)));
    assertThat(s.isStable()).isFalse();
  }

  @Test
  void fewerThanThreeWindowsCannotBeStable() {
    Stability s = Stability.of(List.of(window(100, 50), window(100, 50)));
    assertThat(s.isStable()).isFalse();
    assertThat(s.detail()).contains("only 2 windows");
  }

  @Test
  void deviationIsTheLargestDistanceFromTheMean() {
    assertThat(Stability.deviation(new double[] {90, 100, 110})).isCloseTo(0.1, within());
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
