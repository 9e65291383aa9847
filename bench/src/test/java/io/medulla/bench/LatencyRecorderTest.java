package io.medulla.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {
  @Test
  void cutClosesTheWindowAndStartsAnEmptyOne() {
    LatencyRecorder recorder = new LatencyRecorder();
    recorder.record(1);
    recorder.record(2);
    assertThat(recorder.cut()).containsExactly(1, 2);
    recorder.record(3);
    assertThat(recorder.cut()).containsExactly(3);
    assertThat(recorder.cut()).isEmpty();
  }

  @Test
  void windowsGrowPastTheirInitialCapacity() {
    LatencyRecorder recorder = new LatencyRecorder();
    for (int i = 0; i < 10_000; i++) {
      recorder.record(i);
    }
    assertThat(recorder.cut()).hasSize(10_000).startsWith(0, 1).endsWith(9_999);
  }
}
