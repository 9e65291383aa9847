package io.medulla.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Pins the simulator's behaviour: the summary of ten busy minutes of the benchmark's clinical day,
 * its X-ray model near saturation and CT bursts. A change to the scheduler, the graph executor or
 * the simulator that moves any figure shows up here; when the change is intended, replace the
 * golden file with the summary the failure prints.
 */
class SimulatorGoldenTest {
  private static final String GOLDEN = "clinical-ten-minutes.golden.txt";

  @Test
  void theClinicalScenarioGivesThePinnedSummary() throws IOException {
    SimulationResult r =
        SimulationBench.simulator()
            .run(
                SimulationBench.workload(520, 1),
                new SimulationWindow(Duration.ofMinutes(9 * 60 + 55), Duration.ofMinutes(10)));

    String expected;
    try (InputStream in = SimulatorGoldenTest.class.getResourceAsStream(GOLDEN)) {
      assertThat(in).as("golden file " + GOLDEN).isNotNull();
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
    assertThat(r.summary())
        .as("summary (replace %s with this if the change is intended)", GOLDEN)
        .isEqualTo(expected);
  }
}
