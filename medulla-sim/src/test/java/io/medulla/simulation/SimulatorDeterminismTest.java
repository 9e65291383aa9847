package io.medulla.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.scheduling.BatchPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Same inputs and seed, same result; another seed, another result. */
class SimulatorDeterminismTest {
  /** Ten minutes across 9:00, when the triage rate steps up. */
  private static final SimulationWindow WINDOW =
      new SimulationWindow(Duration.ofMinutes(8 * 60 + 55), Duration.ofMinutes(10));

  /** A bit of everything: two tenants, a model and a graph, bursts, classes, deadlines. */
  static Simulator simulator(int detectInstances) {
    BatchPolicy policy = BatchPolicy.clinicalDefaults(8, List.of(4, 8), Duration.ofMillis(2));
    List<SimulatedModel> graphModels = SimFixtures.graphModels(policy);
    return Simulator.builder()
        .model(graphModels.get(0).withInstances(detectInstances))
        .model(graphModels.get(1))
        .model(SimFixtures.clinical("report", 2))
        .graph(SimFixtures.twoStepGraph())
        .executionTimes(
            ExecutionTimes.logNormal(
                Map.of(
                    "detect",
                    Map.of(1, SimFixtures.spread(20, 30), 8, SimFixtures.spread(45, 70)),
                    "grade",
                    Map.of(1, SimFixtures.spread(2, 3), 8, SimFixtures.spread(3, 5)),
                    "report",
                    Map.of(1, SimFixtures.spread(40, 120)))))
        .build();
  }

  static Workload workload(long seed) {
    double[] rates = new double[24];
    for (int h = 0; h < 24; h++) {
      rates[h] = h == 8 ? 15 : 40;
    }
    RequestStream triage =
        RequestStream.of("triage", ArrivalPattern.hourly(rates))
            .withBurstiness(Burstiness.gamma(2.5))
            .withPriorityMix(Map.of("stat", 0.1, "urgent", 0.2, "routine", 0.7))
            .withTimeout(Duration.ofMillis(400));
    RequestStream reports =
        RequestStream.of("report", ArrivalPattern.constant(12))
            .withPriorityMix(Map.of("routine", 0.5, "bulk", 0.5))
            .withTimeout(Duration.ofSeconds(1));
    return Workload.of(
            seed,
            TenantWorkload.of("north", triage, reports),
            TenantWorkload.of("south", triage.withBurstiness(Burstiness.poisson())))
        .withSlo("stat", ClassSlo.p99(Duration.ofMillis(100)))
        .withSlo("routine", ClassSlo.p99(Duration.ofMillis(300)));
  }

  @Test
  void theSameSeedGivesAnEqualResult() {
    SimulationResult first = simulator(1).run(workload(11), WINDOW);
    SimulationResult second = simulator(1).run(workload(11), WINDOW);

    assertThat(second).isEqualTo(first);
    assertThat(second.summary()).isEqualTo(first.summary());
    assertThat(first.overall().arrived()).isGreaterThan(10_000);
    assertThat(first.overall().timedOut() + first.overall().rejected()).isPositive();
    assertThat(first.hours()).hasSize(2);
  }

  @Test
  void anotherSeedGivesAnotherResult() {
    Simulator sim = simulator(1);

    SimulationResult one = sim.run(workload(11), WINDOW);
    SimulationResult two = sim.run(workload(11), WINDOW, 12);

    assertThat(two.seed()).isEqualTo(12);
    assertThat(two.overall().arrived()).isNotEqualTo(one.overall().arrived());
    assertThat(two.overall().latency()).isNotEqualTo(one.overall().latency());
  }

  @Test
  void runsOnSeveralThreadsAtOnceGiveTheResultOfOneRun() throws Exception {
    Simulator sim = simulator(1);
    SimulationResult alone = sim.run(workload(5), WINDOW);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<CompletableFuture<SimulationResult>> runs =
          List.of(
              CompletableFuture.supplyAsync(() -> sim.run(workload(5), WINDOW), pool),
              CompletableFuture.supplyAsync(() -> sim.run(workload(5), WINDOW), pool),
              CompletableFuture.supplyAsync(() -> sim.run(workload(5), WINDOW), pool));
      for (CompletableFuture<SimulationResult> run : runs) {
        assertThat(run.get()).isEqualTo(alone);
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void anotherPlanSeesTheSameArrivals() {
    SimulationResult one = simulator(1).run(workload(3), WINDOW);
    SimulationResult two = simulator(2).run(workload(3), WINDOW);

    assertThat(two.overall().arrived()).isEqualTo(one.overall().arrived());
    for (String c : one.byClass().keySet()) {
      assertThat(two.byClass().get(c).arrived()).isEqualTo(one.byClass().get(c).arrived());
    }
    // More detectors, so less waiting: the plans differ only where they should.
    assertThat(two.byTarget().get("triage").p99()).isLessThan(one.byTarget().get("triage").p99());
  }
}
