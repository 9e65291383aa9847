package io.medulla.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.graph.GraphDefinition;
import io.medulla.graph.InvalidGraphException;
import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import io.medulla.inference.TenantId;
import io.medulla.inference.TensorSpec;
import io.medulla.scheduling.BatchPolicy;
import io.medulla.tenancy.TenantPolicies;
import io.medulla.tenancy.TenantPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Building a simulator, and how a run reports what it could not finish. */
class SimulatorTest {
  private static final SimulationWindow MINUTE =
      new SimulationWindow(Duration.ZERO, Duration.ofMinutes(1));
  private static final ExecutionTimes TEN_MS = ExecutionTimes.constant(Duration.ofMillis(10));

  @Test
  void aWorkloadMayNameOnlySimulatedTargets() {
    Simulator sim =
        Simulator.builder().model(SimFixtures.unbatched("ct", 1)).executionTimes(TEN_MS).build();

    assertThatThrownBy(() -> sim.run(SimFixtures.steady("mri", 1, 1), MINUTE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workload names [mri] (expected: a simulated model [ct] or graph []");
  }

  @Test
  void theExecutionTimesMustCoverEveryModel() {
    Simulator.Builder b =
        Simulator.builder()
            .model(SimFixtures.unbatched("ct", 1))
            .model(SimFixtures.unbatched("mri", 1))
            .executionTimes(
                ExecutionTimes.logNormal(Map.of("ct", Map.of(1, SimFixtures.constant(3)))));

    assertThatThrownBy(b::build).hasMessageContaining("no times for model 'mri'");
    assertThatThrownBy(() -> Simulator.builder().model(SimFixtures.unbatched("ct", 1)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("executionTimes: not set");
    assertThatThrownBy(() -> Simulator.builder().executionTimes(TEN_MS).build())
        .hasMessageContaining("models: none");
  }

  @Test
  void graphsAreValidatedAgainstTheModels() {
    BatchPolicy policy = BatchPolicy.clinicalDefaults(8, List.of(), Duration.ZERO);
    Simulator.Builder missingStep =
        Simulator.builder()
            .model(SimFixtures.graphModels(policy).get(0))
            .graph(SimFixtures.twoStepGraph())
            .executionTimes(TEN_MS);
    GraphDefinition clash =
        new GraphDefinition(
            "detect",
            SimFixtures.twoStepGraph().inputs(),
            SimFixtures.twoStepGraph().outputs(),
            SimFixtures.twoStepGraph().steps());
    Simulator.Builder nameTaken =
        Simulator.builder()
            .model(SimFixtures.graphModels(policy).get(0))
            .model(SimFixtures.graphModels(policy).get(1))
            .graph(clash)
            .executionTimes(TEN_MS);

    assertThatThrownBy(missingStep::build)
        .isInstanceOf(InvalidGraphException.class)
        .hasMessageContaining("grade");
    assertThatThrownBy(nameTaken::build).hasMessageContaining("graph 'detect': the name is taken");
  }

  @Test
  void modelsAreCheckedAgainstTheirPolicy() {
    BatchPolicy batching = BatchPolicy.clinicalDefaults(8, List.of(), Duration.ZERO);

    TensorSpec unbatched = TensorSpec.of("x", DataType.FP32, Shape.of(2));

    assertThatThrownBy(
            () ->
                new SimulatedModel(
                    "m", 1, batching, List.of(unbatched), List.of(SimFixtures.fp32("y", 1))))
        .hasMessageContaining("m: inputs: 'x' has shape [2] (expected: a leading batch dimension");
    assertThatThrownBy(() -> new SimulatedModel("m", 1, batching, List.of(), List.of()))
        .hasMessageContaining("at least one each");
    assertThatThrownBy(() -> SimFixtures.unbatched("m", 0)).hasMessageContaining("instances 0");
  }

  @Test
  void arrivalsBeyondTheOutstandingLimitAreShed() {
    Simulator sim =
        Simulator.builder()
            .model(SimFixtures.unbatched("ct", 1))
            .executionTimes(TEN_MS)
            .maxOutstanding(50)
            .build();

    SimulationResult r = sim.run(SimFixtures.steady("ct", 200, 1), MINUTE);

    RequestStats all = r.overall();
    assertThat(all.shed()).isPositive();
    // 100/s for the minute, then the 50 outstanding drain.
    assertThat(all.completed()).isBetween(5_990L, 6_050L);
    assertThat(all.completed() + all.shed()).isEqualTo(all.arrived());
    assertThat(r.byModel().get("ct").maxQueued()).isLessThanOrEqualTo(50);
  }

  @Test
  void requestsLeftAfterTheDrainLimitAreUnfinished() {
    Simulator sim =
        Simulator.builder()
            .model(SimFixtures.unbatched("ct", 1))
            .executionTimes(TEN_MS)
            .drainLimit(Duration.ZERO)
            .recordRequests(true)
            .build();

    SimulationResult r = sim.run(SimFixtures.steady("ct", 150, 1), MINUTE);

    // A third of the work is left when arrivals stop: about 50 s × 50/s.
    assertThat(r.overall().unfinished()).isBetween(2_000L, 4_000L);
    assertThat(r.requests())
        .filteredOn(q -> q.outcome() == Outcome.UNFINISHED)
        .hasSize((int) r.overall().unfinished())
        .allMatch(q -> q.latency().isZero());
  }

  @Test
  void tenantPoliciesReachTheScheduler() {
    TenantPolicies limited =
        TenantPolicies.of(
            Map.of(new TenantId("small"), new TenantPolicy(new TenantId("small"), 1, 0, 0, 5)),
            TenantPolicy.defaults(new TenantId("default")));
    Simulator sim =
        Simulator.builder()
            .model(SimFixtures.clinical("ct", 4))
            .executionTimes(TEN_MS)
            .tenantPolicies(limited)
            .build();
    Workload w =
        Workload.of(
            2,
            TenantWorkload.of("small", RequestStream.of("ct", ArrivalPattern.constant(20))),
            TenantWorkload.of("large", RequestStream.of("ct", ArrivalPattern.constant(20))));

    SimulationResult r = sim.run(w, MINUTE);

    // A rate limit of 5/s refuses about three quarters of 20/s.
    assertThat(r.byTenant().get("small").rejected()).isBetween(800L, 1_000L);
    assertThat(r.byTenant().get("large").rejected()).isZero();
  }

  @Test
  void objectivesCountMissesAgainstAllArrivals() {
    Simulator sim =
        Simulator.builder().model(SimFixtures.clinical("ct", 1)).executionTimes(TEN_MS).build();
    RequestStream stream =
        RequestStream.of("ct", ArrivalPattern.constant(120))
            .withPriorityMix(Map.of("stat", 0.3, "routine", 0.7))
            .withTimeout(Duration.ofMillis(200));
    Workload w =
        Workload.of(4, TenantWorkload.of("clinic", stream))
            .withSlo("stat", ClassSlo.p99(Duration.ofMillis(50)))
            .withSlo("routine", ClassSlo.p99(Duration.ofMillis(150)));

    SimulationResult r = sim.run(w, MINUTE);

    assertThat(r.meetsSlo("stat")).isTrue();
    assertThat(r.meetsSlo("routine")).isFalse();
    assertThat(r.meetsSlos()).isFalse();
    RequestStats routine = r.byClass().get("routine");
    assertThat(routine.sloAttainment())
        .isEqualTo((double) routine.completedWithinSlo() / routine.arrived());
    assertThat(r.summary())
        .contains("class routine")
        .contains("MISSED")
        .contains("class stat")
        .contains(" met");
  }
}
