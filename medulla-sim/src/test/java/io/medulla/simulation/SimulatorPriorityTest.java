package io.medulla.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.scheduling.BatchPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The real clinical scheduler's priorities, seen through the simulator under overload. */
class SimulatorPriorityTest {
  private static final SimulationWindow FIVE_MINUTES =
      new SimulationWindow(Duration.ZERO, Duration.ofMinutes(5));

  private static SimulationResult overload(BatchPolicy policy, Duration timeout) {
    Simulator sim =
        Simulator.builder()
            .model(SimulatedModel.of("m", 1, policy))
            .executionTimes(ExecutionTimes.constant(Duration.ofMillis(10)))
            .build();
    // 130/s against a capacity of 100/s; a fifth of it urgent.
    RequestStream stream =
        RequestStream.of("m", ArrivalPattern.constant(130))
            .withPriorityMix(Map.of("urgent", 0.2, "routine", 0.8))
            .withTimeout(timeout);
    return sim.run(Workload.of(17, TenantWorkload.of("clinic", stream)), FIVE_MINUTES);
  }

  @Test
  void urgentWorkStaysFastWhileRoutineWorkQueues() {
    SimulationResult r =
        overload(BatchPolicy.clinicalDefaults(0, List.of(), Duration.ZERO), Duration.ZERO);

    RequestStats urgent = r.byClass().get("urgent");
    RequestStats routine = r.byClass().get("routine");
    assertThat(urgent.p99()).isLessThan(routine.p99());
    // Urgent work alone is a quarter of the capacity; it waits at most for the batch running.
    assertThat(urgent.p99()).isLessThan(Duration.ofMillis(60));
    assertThat(routine.p99()).isGreaterThan(Duration.ofSeconds(10));
    assertThat(r.overall().completed()).isEqualTo(r.overall().arrived());
  }

  @Test
  void inFifoOrderUrgentWorkWaitsLikeEverythingElse() {
    SimulationResult clinical =
        overload(BatchPolicy.clinicalDefaults(0, List.of(), Duration.ZERO), Duration.ZERO);
    SimulationResult fifo = overload(BatchPolicy.fifo(0, List.of(), Duration.ZERO), Duration.ZERO);

    assertThat(fifo.byClass().get("urgent").p99())
        .isGreaterThan(clinical.byClass().get("urgent").p99().multipliedBy(100));
  }

  @Test
  void withDeadlinesRoutineWorkIsRefusedAndUrgentWorkIsServed() {
    SimulationResult r =
        overload(BatchPolicy.clinicalDefaults(0, List.of(), Duration.ZERO), Duration.ofMillis(500));

    RequestStats urgent = r.byClass().get("urgent");
    RequestStats routine = r.byClass().get("routine");
    assertThat(urgent.completed()).isEqualTo(urgent.arrived());
    assertThat(routine.rejected() + routine.timedOut()).isGreaterThan(routine.arrived() / 5);
    assertThat(routine.p99()).isLessThanOrEqualTo(Duration.ofMillis(500));
    assertThat(r.overall().throughput())
        .isCloseTo(100, org.assertj.core.api.Assertions.within(3.0));
  }
}
