package io.medulla.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.scheduling.BatchPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Instances placed on one device share its time; on different devices they do not meet. */
class SimulatorPlacementTest {
  private static final BatchPolicy POLICY =
      BatchPolicy.clinicalDefaults(0, List.of(), Duration.ZERO);
  private static final ExecutionTimes TIMES =
      ExecutionTimes.logNormal(
          Map.of(
              "detect", Map.of(1, SimFixtures.constant(7)),
              "grade", Map.of(1, SimFixtures.constant(5))));
  private static final SimulationWindow MINUTE =
      new SimulationWindow(Duration.ZERO, Duration.ofMinutes(1));

  private static Simulator.Builder twoModels() {
    List<SimulatedModel> models = SimFixtures.graphModels(POLICY);
    return Simulator.builder().model(models.get(0)).model(models.get(1)).executionTimes(TIMES);
  }

  /** One request to each model, both at the same instant. */
  private static Workload together() {
    List<Duration> once = List.of(Duration.ofSeconds(1));
    return Workload.of(
        3,
        TenantWorkload.of(
            "clinic",
            RequestStream.of("detect", ArrivalPattern.trace(once)),
            RequestStream.of("grade", ArrivalPattern.trace(once))));
  }

  @Test
  void twoExecutionsOnOneDeviceEachRunAtHalfSpeed() {
    Simulator shared =
        twoModels()
            .placement("detect", List.of("gpu#0"))
            .placement("grade", List.of("gpu#0"))
            .build();

    SimulationResult r = shared.run(together(), MINUTE);

    // Both run at half speed until grade's 5 ms are done (10 ms); detect's last 2 ms alone.
    assertThat(r.byTarget().get("grade").latency().max()).isEqualTo(Duration.ofMillis(10));
    assertThat(r.byTarget().get("detect").latency().max()).isEqualTo(Duration.ofMillis(12));
  }

  @Test
  void onTwoDevicesOrUnplacedEachRunsAtItsProfiledSpeed() {
    Simulator apart =
        twoModels()
            .placement("detect", List.of("gpu#0"))
            .placement("grade", List.of("gpu#1"))
            .build();

    SimulationResult r = apart.run(together(), MINUTE);
    SimulationResult unplaced = twoModels().build().run(together(), MINUTE);

    assertThat(r.byTarget().get("grade").latency().max()).isEqualTo(Duration.ofMillis(5));
    assertThat(r.byTarget().get("detect").latency().max()).isEqualTo(Duration.ofMillis(7));
    assertThat(unplaced.summary()).isEqualTo(r.summary());
  }

  @Test
  void aPlacementMustNameADeviceForEveryInstance() {
    assertThatThrownBy(() -> twoModels().placement("detect", List.of("a", "b")).build())
        .hasMessageContaining("placement of model 'detect': 2 device(s)")
        .hasMessageContaining("one per instance of a simulated model, 1");
    assertThatThrownBy(() -> twoModels().placement("nope", List.of("a")).build())
        .hasMessageContaining("'nope'");
  }
}
