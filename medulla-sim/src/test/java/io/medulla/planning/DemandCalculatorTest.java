package io.medulla.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.medulla.runtime.ModelProfile;
import io.medulla.runtime.ModelProfile.Point;
import io.medulla.runtime.ModelProfile.Settings;
import io.medulla.simulation.ArrivalPattern;
import io.medulla.simulation.ClassSlo;
import io.medulla.simulation.RequestStream;
import io.medulla.simulation.TenantWorkload;
import io.medulla.simulation.Workload;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Demand on a hand-checked example. Graph g: a (model A) -> b (model B) -> f (function), and a -> c
 * (model C, conditional) -> f. Tenant t1 calls g at 2 req/s, 10 at 09:00, half stat, half routine;
 * tenant t2 calls A directly at 3 req/s, routine. SLOs: stat 400 ms, routine 2 s.
 */
class DemandCalculatorTest {
  private static final long MIB = 1L << 20;
  private static final DeviceType CPU = new DeviceType("cpu", 8L << 30, 1, 1);
  private static final DeviceType FAST = new DeviceType("fast", 8L << 30, 2, 3);

  private static final GraphShape GRAPH =
      new GraphShape(
          "g",
          List.of(
              new GraphShape.Step("a", "A", List.of(), false, 1),
              new GraphShape.Step("b", "B", List.of("a"), false, 1),
              new GraphShape.Step("c", "C", List.of("a"), true, 1),
              new GraphShape.Step("f", null, List.of("b", "c"), false, 1)));

  private static Workload workload() {
    double[] rates = new double[24];
    Arrays.fill(rates, 2);
    rates[9] = 10;
    return new Workload(
        List.of(
            TenantWorkload.of(
                "t1",
                RequestStream.of("g", ArrivalPattern.hourly(rates))
                    .withPriorityMix(Map.of("stat", 0.5, "routine", 0.5))),
            TenantWorkload.of("t2", RequestStream.of("A", ArrivalPattern.constant(3)))),
        Map.of(
            "stat", ClassSlo.p99(Duration.ofMillis(400)),
            "routine", ClassSlo.p99(Duration.ofSeconds(2))),
        1);
  }

  private static Map<String, ModelProfile> profiles() {
    return Map.of(
        "A", profile("A", 300 * MIB, 2, point(1, 10, 20), point(4, 20, 40)),
        "B", profile("B", 100 * MIB, 1, point(1, 30, 50)),
        "C", profile("C", 100 * MIB, 1, point(1, 5, 8)));
  }

  private static Demand demand() {
    return DemandCalculator.calculate(
        workload(), Map.of("g", GRAPH), profiles(), List.of(CPU, FAST));
  }

  @Test
  void ratesAddGraphStepsAndDirectCallsHourByHour() {
    Demand d = demand();

    // Hour 9: 10 graph requests + 3 direct; other hours 2 + 3.
    assertThat(d.peakHour()).isEqualTo(9);
    assertThat(d.hourlyRequestsPerSecond().get(9)).isEqualTo(13.0);
    assertThat(d.hourlyRequestsPerSecond().get(0)).isEqualTo(5.0);
    // A: one call per graph request plus the direct ones; B and C: one per graph request (C is
    // conditional, counted as always running).
    assertThat(d.model("A").hourlyRequestsPerSecond().get(9)).isEqualTo(13.0);
    assertThat(d.model("A").peakRequestsPerSecond()).isEqualTo(13.0);
    assertThat(d.model("B").hourlyRequestsPerSecond().get(9)).isEqualTo(10.0);
    assertThat(d.model("C").hourlyRequestsPerSecond().get(3)).isEqualTo(2.0);
    assertThat(d.notes()).anyMatch(n -> n.contains("conditional"));
  }

  @Test
  void aStepCalledForAFractionOfRequestsCountsThatFraction() {
    GraphShape observed =
        new GraphShape(
            "g",
            List.of(
                GRAPH.steps().get(0),
                GRAPH.steps().get(1),
                new GraphShape.Step("c", "C", List.of("a"), true, 0.25),
                GRAPH.steps().get(3)));

    Demand d =
        DemandCalculator.calculate(workload(), Map.of("g", observed), profiles(), List.of(CPU));

    // 10 graph requests at 09:00 x 0.25.
    assertThat(d.model("C").peakRequestsPerSecond()).isEqualTo(2.5);
    assertThat(d.notes()).noneMatch(n -> n.contains("conditional"));
  }

  @Test
  void criticalPathSumsMediansAndNinetyNinthPercentilesAlongTheLongestChain() {
    GraphLatency g = demand().graphs().get(0);

    // a -> b -> f: 10 + 30 + 0 ms (p50), 20 + 50 ms (p99); a -> c -> f is only 15 ms.
    assertThat(g.criticalPath()).containsExactly("a", "b", "f");
    assertThat(g.p50()).isEqualTo(Duration.ofMillis(40));
    assertThat(g.p99()).isEqualTo(Duration.ofMillis(70));
    assertThat(g.conditionalSteps()).containsExactly("c");
  }

  @Test
  void budgetsSplitTheTightestSloOverTheModelStepsOnTheCriticalPath() {
    Demand d = demand();

    // Stat (400 ms) is the tightest class of g; two model steps (a, b) on the critical path.
    assertThat(d.model("B").latencyBudget()).isEqualTo(Duration.ofMillis(200));
    assertThat(d.model("C").latencyBudget()).isEqualTo(Duration.ofMillis(200));
    // A also serves routine calls (2 s) directly; the graph's 200 ms is tighter.
    assertThat(d.model("A").latencyBudget()).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void batchSizeAndComputeSharePerDeviceTypeAtThePeak() {
    ModelNeed a = demand().model("A");

    // Profile 10 ms at 1, 20 ms at 4 (so 13.33 ms at 2, 16.67 ms at 3); 13 req/s; budget 200 ms.
    // Batch 3: fill wait 2/13 = 153.8 ms + 2 x 16.67 ms = 187.2 ms <= 200 ms; share 13 x 16.67 / 3
    // = 0.0722. Batch 4: fill wait 3/13 = 230.8 ms > 200 ms.
    DeviceNeed cpu = a.devices().get(0);
    assertThat(cpu.deviceType()).isEqualTo("cpu");
    assertThat(cpu.batch().orElseThrow().batchSize()).isEqualTo(3);
    assertThat(cpu.computeShare()).isCloseTo(13 * (0.05 / 3) / 3, within(1e-9));
    // Twice as fast: the same batch (batch 4 still waits 230.8 ms to fill), half the share.
    DeviceNeed fast = a.devices().get(1);
    assertThat(fast.batch().orElseThrow().batchSize()).isEqualTo(3);
    assertThat(fast.computeShare()).isCloseTo(cpu.computeShare() / 2, within(1e-9));
    // 300 MiB measured for two instances: 150 MiB each.
    assertThat(a.memoryBytesPerInstance()).isEqualTo(150 * MIB);
    assertThat(cpu.memoryBytesPerInstance()).isEqualTo(150 * MIB);
    assertThat(a.toPacking().requestsPerSecond()).isEqualTo(13.0);
  }

  @Test
  void traceRatesCountArrivalsByHourOfDay() {
    double[] rates =
        DemandCalculator.hourlyRates(
            ArrivalPattern.trace(
                List.of(Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(3605))));

    // Two arrivals in hour 0 and one in hour 1 of a one-day trace.
    assertThat(rates[0]).isEqualTo(2 / 3600.0);
    assertThat(rates[1]).isEqualTo(1 / 3600.0);
    assertThat(rates[2]).isZero();
  }

  @Test
  void aModelWithoutAProfileIsNamed() {
    Map<String, ModelProfile> some = Map.of("A", profiles().get("A"), "B", profiles().get("B"));

    assertThatThrownBy(
            () -> DemandCalculator.calculate(workload(), Map.of("g", GRAPH), some, List.of(CPU)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model 'C': no profile");
  }

  @Test
  void loadMultiplierScalesHourlyRates() {
    Workload doubled = LoadMultiplier.apply(workload(), 2);

    Demand d = DemandCalculator.calculate(doubled, Map.of("g", GRAPH), profiles(), List.of(CPU));

    assertThat(d.hourlyRequestsPerSecond().get(9)).isEqualTo(26.0);
    assertThat(d.model("B").peakRequestsPerSecond()).isEqualTo(20.0);
  }

  private static Point point(int batch, long p50Millis, long p99Millis) {
    return new Point(
        batch, 1, 1, p50Millis * 1_000_000, p99Millis * 1_000_000, p50Millis * 1_000_000, 1, 10);
  }

  private static ModelProfile profile(String model, long memory, int instances, Point... points) {
    return new ModelProfile(
        model,
        1,
        "onnxruntime_onnx",
        "0".repeat(64),
        8,
        new Settings(1, 1, List.of("cpu"), 1, "test"),
        0,
        0,
        memory,
        "host",
        instances,
        List.of(points));
  }
}
