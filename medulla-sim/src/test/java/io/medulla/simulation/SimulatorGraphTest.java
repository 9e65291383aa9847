package io.medulla.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.medulla.scheduling.BatchPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Graphs run by the real graph executor, their steps entering the simulated schedulers. */
class SimulatorGraphTest {
  /** Detect takes 7 ms and grade 5 ms, always. */
  private static final ExecutionTimes CONSTANT =
      ExecutionTimes.logNormal(
          Map.of(
              "detect", Map.of(1, SimFixtures.constant(7)),
              "grade", Map.of(1, SimFixtures.constant(5))));

  private static Simulator simulator(ExecutionTimes times) {
    BatchPolicy policy = BatchPolicy.clinicalDefaults(8, List.of(), Duration.ZERO);
    List<SimulatedModel> models = SimFixtures.graphModels(policy);
    return Simulator.builder()
        .model(models.get(0))
        .model(models.get(1))
        .graph(SimFixtures.twoStepGraph())
        .executionTimes(times)
        .build();
  }

  @Test
  void aTwoStepGraphTakesAtLeastBothSteps() {
    Simulator sim = simulator(CONSTANT);

    SimulationResult r =
        sim.run(
            SimFixtures.steady("triage", 5, 2),
            new SimulationWindow(Duration.ZERO, Duration.ofMinutes(10)));

    RequestStats triage = r.byTarget().get("triage");
    assertThat(triage.completed()).isEqualTo(triage.arrived()).isGreaterThan(2_000);
    assertThat(triage.latency().min()).isEqualTo(Duration.ofMillis(12));
    // At 5/s most requests find both models idle: the median is the two steps back to back.
    assertThat(triage.p50().toNanos() / 1e6).isCloseTo(12, within(0.12));
    // Batches that start after the window (the drain) are not counted; at most the last one.
    long n = triage.completed();
    assertThat(r.byModel().get("detect").samples()).isBetween(n - 1, n);
    assertThat(r.byModel().get("grade").samples()).isBetween(n - 1, n);
  }

  @Test
  void withSpreadTimesTheMeanLatencyIsAtLeastTheStepsMeans() {
    ExecutionTimes times =
        ExecutionTimes.logNormal(
            Map.of(
                "detect", Map.of(1, SimFixtures.spread(7, 20)),
                "grade", Map.of(1, SimFixtures.spread(5, 9))));
    SimulationResult r =
        simulator(times)
            .run(
                SimFixtures.steady("triage", 20, 2),
                new SimulationWindow(Duration.ZERO, Duration.ofMinutes(10)));

    // A log-normal's mean is its median times e^(σ²/2).
    double detectMean = 7 * Math.exp(sq(Math.log(20.0 / 7) / LogNormalExecutionTimes.Z99) / 2);
    double gradeMean = 5 * Math.exp(sq(Math.log(9.0 / 5) / LogNormalExecutionTimes.Z99) / 2);
    assertThat(r.overall().latency().mean().toNanos() / 1e6)
        .isGreaterThan(0.99 * (detectMean + gradeMean));
  }

  @Test
  void graphAndDirectRequestsShareAModelsQueue() {
    Simulator sim = simulator(CONSTANT);
    Workload w =
        Workload.of(
            9,
            TenantWorkload.of(
                "clinic",
                RequestStream.of("triage", ArrivalPattern.constant(10)),
                RequestStream.of("detect", ArrivalPattern.constant(60))));

    SimulationResult r = sim.run(w, new SimulationWindow(Duration.ZERO, Duration.ofMinutes(5)));

    long graphs = r.byTarget().get("triage").completed();
    long direct = r.byTarget().get("detect").completed();
    assertThat(r.byModel().get("detect").samples()).isBetween(graphs + direct - 2, graphs + direct);
    assertThat(r.byModel().get("grade").samples()).isBetween(graphs - 2, graphs);
    // Sharing detect with 60/s of direct traffic slows the graph down.
    assertThat(r.byTarget().get("triage").latency().mean()).isGreaterThan(Duration.ofMillis(12));
  }

  private static double sq(double x) {
    return x * x;
  }
}
