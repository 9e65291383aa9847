package io.medulla.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpenLoopTest {
  @Test
  void effectiveP99IsThePercentileOverEverySentRequest() {
    long[] completed = new long[100];
    for (int i = 0; i < 100; i++) {
      completed[i] = (i + 1) * 1_000L;
    }

    assertThat(OpenLoop.effectiveP99Micros(completed, 100)).isEqualTo(99.0);
  }

  @Test
  void missesBeyondOnePercentMakeTheEffectiveP99Infinite() {
    long[] completed = new long[98];

    assertThat(OpenLoop.effectiveP99Micros(completed, 100)).isInfinite();
  }

  @Test
  void anEmptyStreamHasNoLatency() {
    assertThat(OpenLoop.effectiveP99Micros(new long[0], 0)).isZero();
  }
}
