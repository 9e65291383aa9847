package io.medulla.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The optional host CPU stage: requests and executions sharing a pool of cores. */
class SimulatorHostCpuTest {
  private static final SimulationWindow MINUTE =
      new SimulationWindow(Duration.ZERO, Duration.ofMinutes(1));

  /**
   * Far above capacity, with ten requests at most in the server (a closed loop of ten, in effect)
   * and no drain: samples executed per second. A small cap matters: an execution queues for its
   * core behind every request stage already waiting, so a deep backlog delays the first executions
   * by its depth times the cost, which a short window would count as lost throughput.
   */
  private static double saturation(HostCpu host, Duration execution, int instances) {
    Simulator sim =
        Simulator.builder()
            .model(SimFixtures.unbatched("m", instances))
            .executionTimes(ExecutionTimes.constant(execution))
            .hostCpu(host)
            .maxOutstanding(10)
            .drainLimit(Duration.ZERO)
            .build();
    ModelStats m = sim.run(SimFixtures.steady("m", 5000, 1), MINUTE).byModel().get("m");
    return m.samples() / (m.period().toNanos() / 1e9);
  }

  /** One core, 1 ms per request, a model that takes no time: 1,000 requests per second. */
  @Test
  void oneCoreAndAConstantCostSaturateAtItsInverse() {
    double rate = saturation(HostCpu.constant(1, Duration.ofMillis(1)), Duration.ZERO, 4);

    assertThat(rate).isCloseTo(1000, within(1000 * 0.01));
  }

  /** One core shared by a 1 ms host stage and a 1 ms execution: 1 / (c + t) = 500 per second. */
  @Test
  void theModelsExecutionsShareTheCoreWithTheHostStage() {
    double rate = saturation(HostCpu.constant(1, Duration.ofMillis(1)), Duration.ofMillis(1), 4);

    assertThat(rate).isCloseTo(500, within(500 * 0.01));
  }

  /** Two cores double it; the response stage counts like the request stage. */
  @Test
  void coresAndTheResponseStageScaleAsExpected() {
    HostCpu host =
        new HostCpu(
            2, HostCost.constant(Duration.ofMillis(1)), HostCost.constant(Duration.ofMillis(1)));

    double rate = saturation(host, Duration.ofMillis(2), 4);

    assertThat(rate).isCloseTo(2.0 / 0.004, within(500 * 0.01));
  }

  /** Without contention a request takes exactly request + execution + response. */
  @Test
  void anIdleHostAddsItsStagesToTheLatency() {
    HostCpu host =
        new HostCpu(
            4, HostCost.constant(Duration.ofMillis(1)), HostCost.constant(Duration.ofMillis(3)));
    Simulator sim =
        Simulator.builder()
            .model(SimFixtures.unbatched("m", 64))
            .executionTimes(ExecutionTimes.constant(Duration.ofMillis(2)))
            .hostCpu(host)
            .build();

    SimulationResult r = sim.run(SimFixtures.steady("m", 1, 3), MINUTE);

    assertThat(r.overall().latency().min()).isEqualTo(Duration.ofMillis(6));
    assertThat(r.overall().latency().max()).isEqualTo(Duration.ofMillis(6));
  }

  /** Log-normal costs and a batching model: one seed, one result; another seed, another. */
  @Test
  void theSameSeedGivesTheSameResult() {
    HostCpu host =
        new HostCpu(
            2,
            new HostCost(Duration.ofNanos(200_000), Duration.ofNanos(900_000)),
            new HostCost(Duration.ofNanos(50_000), Duration.ofNanos(400_000)));
    Simulator sim =
        Simulator.builder()
            .model(SimFixtures.batching("m", 2, 8, List.of(), Duration.ofNanos(100_000)))
            .executionTimes(
                ExecutionTimes.logNormal(
                    java.util.Map.of(
                        "m",
                        java.util.Map.of(
                            1, SimFixtures.spread(0.2, 0.8), 8, SimFixtures.spread(0.6, 2.0)))))
            .hostCpu(host)
            .build();
    Workload w = SimFixtures.steady("m", 3000, 11);

    SimulationResult a = sim.run(w, MINUTE);
    SimulationResult b = sim.run(w, MINUTE);
    SimulationResult c = sim.run(w, MINUTE, 12);

    assertThat(a).isEqualTo(b);
    assertThat(a.summary()).isEqualTo(b.summary());
    assertThat(c.summary()).isNotEqualTo(a.summary());
  }

  /** The stage is optional: without it the simulator is what it was (the golden test pins it). */
  @Test
  void withoutAHostTheSimulatorHasNone() {
    Simulator sim =
        Simulator.builder()
            .model(SimFixtures.unbatched("m", 1))
            .executionTimes(ExecutionTimes.constant(Duration.ofMillis(1)))
            .build();

    assertThat(sim.hostCpu()).isNull();
  }

  @Test
  void invalidCostsAndCoresAreRefused() {
    assertThatThrownBy(() -> HostCpu.constant(0, Duration.ofMillis(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cores");
    assertThatThrownBy(() -> new HostCost(Duration.ofMillis(2), Duration.ofMillis(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("p99");
    assertThatThrownBy(() -> new HostCost(Duration.ZERO, Duration.ofMillis(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(HostCost.NONE.isNone()).isTrue();
  }
}
