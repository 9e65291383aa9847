package io.medulla.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.autoscaling.ScalingSettings;
import io.medulla.scheduling.BatchPolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaRunTest {
  private static final ScalingSettings SETTINGS =
      ScalingSettings.defaults().withReplicaBounds(1, 20);

  @Test
  void equalInputsAndSeedGiveAnEqualResult() {
    AutoscalingScenario step = AutoscalingBench.step(5, 7);
    ReplicaPlan plan = ReplicaPlan.autoscaled(SETTINGS, Duration.ofSeconds(30));

    ReplicaResult first = step.run(plan);
    ReplicaResult second = step.run(plan);
    ReplicaResult otherSeed = AutoscalingBench.step(5, 8).run(plan);

    assertThat(second).isEqualTo(first);
    assertThat(first.timeline()).hasSize(2 * 3600 / 15);
    assertThat(otherSeed.arrived()).isNotEqualTo(first.arrived());
  }

  @Test
  void aTenfoldStepScalesUpThenBackDown() {
    double[] rates = new double[ArrivalPattern.HOURS];
    rates[0] = 5;
    rates[1] = 50;
    rates[2] = 5;
    AutoscalingScenario scenario =
        AutoscalingBench.scenario(
            "up-down", ArrivalPattern.hourly(rates), SimulationWindow.hours(0, 3), 3);

    ReplicaResult r = scenario.run(ReplicaPlan.autoscaled(SETTINGS, Duration.ofSeconds(30)));

    List<ReplicaSample> timeline = r.timeline();
    int beforeStep = timeline.get(3600 / 15 - 1).ready();
    int duringStep =
        timeline.stream()
            .filter(s -> s.at().compareTo(Duration.ofMinutes(80)) > 0)
            .filter(s -> s.at().compareTo(Duration.ofHours(2)) < 0)
            .mapToInt(ReplicaSample::ready)
            .min()
            .orElseThrow();
    ReplicaSample last = timeline.get(timeline.size() - 1);
    assertThat(beforeStep).isLessThanOrEqualTo(2);
    assertThat(duringStep).isGreaterThanOrEqualTo(4);
    assertThat(r.peakReplicas()).isGreaterThanOrEqualTo(duringStep);
    assertThat(last.ready() + last.provisioning()).isLessThanOrEqualTo(2);
    assertThat(r.scaleUps()).isPositive();
    assertThat(r.scaleDowns()).isPositive();
    assertThat(r.attainment()).isGreaterThan(0.95);
  }

  @Test
  void aFixedCountPaysItsInstancesForTheWholeWindow() {
    ReplicaResult r = idle(2).run(ReplicaPlan.fixed(3));

    assertThat(r.instanceSeconds()).isEqualTo(3 * 2 * 3600.0);
    assertThat(r.peakReplicas()).isEqualTo(3);
    assertThat(r.timeline()).isEmpty();
  }

  @Test
  void anIdleDeploymentShrinksOnlyAfterTheStabilisationWindowAndPaysEachReplicaUntilItGoes() {
    // Evaluations every 15 s recommend the minimum (idle). Until 300 s the policy is younger than
    // its stabilisation window and holds 3; at 300 s it removes at most half (3 -> 2), at 315 s
    // the last one above the minimum (2 -> 1). Two instances per replica:
    // 2 × (3 × 300 + 2 × 15 + 1 × (3600 - 315)) = 2 × 4215.
    ReplicaResult r = idle(2).run(new ReplicaPlan(3, SETTINGS, Duration.ofSeconds(30)));

    assertThat(r.instanceSeconds()).isEqualTo(2 * 4215.0);
    assertThat(r.timeline().get(300 / 15).desired()).isEqualTo(2);
    assertThat(r.timeline().get(315 / 15).desired()).isEqualTo(1);
    assertThat(r.scaleDowns()).isEqualTo(2);
  }

  @Test
  void anAddedReplicaServesAfterTheProvisioningDelayAndIsPaidFromTheRequest() {
    // The minimum is 2 and the deployment starts with 1: the first evaluation, at 0 s, asks for
    // one more, which serves from 30 s but is paid for from 0 s.
    ScalingSettings twoAtLeast = SETTINGS.withReplicaBounds(2, 4);
    ReplicaResult r = idle(1).run(new ReplicaPlan(1, twoAtLeast, Duration.ofSeconds(30)));

    assertThat(r.instanceSeconds()).isEqualTo(2 * 3600.0);
    ReplicaSample at15 = r.timeline().get(1);
    ReplicaSample at30 = r.timeline().get(2);
    assertThat(List.of(at15.ready(), at15.provisioning())).containsExactly(1, 1);
    assertThat(List.of(at30.ready(), at30.provisioning())).containsExactly(2, 0);
    assertThat(r.scaleUps()).isEqualTo(1);
  }

  @Test
  void eachReplicaIsAWholeServerWithItsGraphs() {
    BatchPolicy policy = BatchPolicy.clinicalDefaults(0, List.of(), Duration.ZERO);
    List<SimulatedModel> models = SimFixtures.graphModels(policy);
    Simulator replica =
        Simulator.builder()
            .model(models.get(0))
            .model(models.get(1))
            .graph(SimFixtures.twoStepGraph())
            .executionTimes(
                ExecutionTimes.logNormal(
                    java.util.Map.of(
                        "detect", java.util.Map.of(1, SimFixtures.constant(40)),
                        "grade", java.util.Map.of(1, SimFixtures.constant(20)))))
            .drainLimit(Duration.ofMinutes(1))
            .build();
    // 40 graph requests a second need two detect instances (25 a second each, no batching).
    Workload workload =
        SimFixtures.steady("triage", 40, 5).withSlo("routine", ClassSlo.p99(Duration.ofSeconds(1)));
    AutoscalingScenario scenario =
        new AutoscalingScenario(
            "graph",
            replica,
            workload,
            new SimulationWindow(Duration.ZERO, Duration.ofMinutes(10)));

    ReplicaResult one = scenario.run(ReplicaPlan.fixed(1));
    ReplicaResult three = scenario.run(ReplicaPlan.fixed(3));

    assertThat(scenario.instancesPerReplica()).isEqualTo(2);
    assertThat(three.instanceSeconds()).isEqualTo(3 * 2 * 600.0);
    assertThat(three.arrived()).isEqualTo(one.arrived()).isGreaterThan(20_000);
    assertThat(three.good()).isEqualTo(three.arrived());
    assertThat(one.attainment()).isLessThan(0.9);
  }

  @Test
  void aScenarioRefusesATargetTheReplicaDoesNotServe() {
    Simulator replica =
        Simulator.builder()
            .model(
                SimulatedModel.of(
                    "m", 1, BatchPolicy.clinicalDefaults(0, List.of(), Duration.ZERO)))
            .executionTimes(ExecutionTimes.constant(Duration.ofMillis(10)))
            .build();

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new AutoscalingScenario(
                    "x", replica, SimFixtures.steady("other", 1, 1), SimulationWindow.hours(0, 1)))
        .hasMessageContaining("'other'")
        .hasMessageContaining("[m]");
  }

  private static AutoscalingScenario idle(int instancesPerReplica) {
    SimulatedModel model =
        SimulatedModel.of(
            "m", instancesPerReplica, BatchPolicy.clinicalDefaults(0, List.of(), Duration.ZERO));
    Workload workload =
        Workload.of(1, TenantWorkload.of("t", RequestStream.of("m", ArrivalPattern.constant(0))))
            .withSlo("routine", ClassSlo.p99(Duration.ofSeconds(1)));
    Simulator replica =
        Simulator.builder()
            .model(model)
            .executionTimes(ExecutionTimes.constant(Duration.ofMillis(10)))
            .drainLimit(Duration.ZERO)
            .build();
    return new AutoscalingScenario("idle", replica, workload, SimulationWindow.hours(0, 1));
  }
}
