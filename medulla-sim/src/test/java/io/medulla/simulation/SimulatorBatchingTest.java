package io.medulla.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The real dynamic batcher under the simulator: batches fill as load grows. */
class SimulatorBatchingTest {
  /** One instance; a batch of b takes 5 + (b − 1) ms, so only batching carries 400/s. */
  private static Simulator simulator() {
    return Simulator.builder()
        .model(SimFixtures.batching("m", 1, 8, List.of(4, 8), Duration.ofMillis(5)))
        .executionTimes(
            ExecutionTimes.logNormal(
                Map.of("m", Map.of(1, SimFixtures.constant(5), 8, SimFixtures.constant(12)))))
        .build();
  }

  private static ModelStats at(double requestsPerSecond) {
    return simulator()
        .run(
            SimFixtures.steady("m", requestsPerSecond, 21),
            new SimulationWindow(Duration.ZERO, Duration.ofMinutes(3)))
        .byModel()
        .get("m");
  }

  @Test
  void batchesGrowWithLoad() {
    ModelStats light = at(20);
    ModelStats medium = at(150);
    ModelStats heavy = at(400);

    assertThat(light.meanBatchSize()).isLessThan(medium.meanBatchSize());
    assertThat(medium.meanBatchSize()).isLessThan(heavy.meanBatchSize());
    assertThat(light.meanBatchSize()).isLessThan(1.5);
    assertThat(heavy.meanBatchSize()).isGreaterThan(3);
    assertThat(heavy.batchSizes().keySet()).allMatch(size -> size >= 1 && size <= 8);
  }

  @Test
  void batchingCarriesALoadThatSingleRequestsCannot() {
    SimulationResult r =
        simulator()
            .run(
                SimFixtures.steady("m", 400, 21),
                new SimulationWindow(Duration.ZERO, Duration.ofMinutes(3)));

    // 400/s at 5 ms each would need two instances; batches of four or more need half of one.
    assertThat(r.overall().completed()).isEqualTo(r.overall().arrived());
    assertThat(r.byModel().get("m").utilisation()).isLessThan(0.9);
    assertThat(r.overall().p99()).isLessThan(Duration.ofMillis(100));
  }

  @Test
  void aWaitingBatchLeavesAfterTheMaxQueueDelay() {
    SimulationResult r =
        simulator()
            .run(
                SimFixtures.steady("m", 2, 4),
                new SimulationWindow(Duration.ZERO, Duration.ofMinutes(10)));

    // Alone in the queue, a request waits the full 5 ms for company, then runs for 5 ms.
    // (Percentiles are within 0.8%: the midpoint of their histogram bucket.)
    assertThat(r.overall().p50().toNanos() / 1e6).isCloseTo(10, within(0.08));
    assertThat(r.byModel().get("m").meanQueueWait().toNanos() / 1e6).isCloseTo(5, within(0.05));
    // The rare pair runs as a batch of two (6 ms) after its first waited 5 ms.
    assertThat(r.overall().latency().max()).isEqualTo(Duration.ofMillis(11));
  }
}
