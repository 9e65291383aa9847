package io.medulla.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs G9 with tiny numbers: a smoke run of its structure, not a measurement. */
class SimulatorFidelitySmokeTest {
  @TempDir Path results;

  @Test
  void everyStepRunsAndTheJsonHasEveryLevelAndGoal() throws Exception {
    SimulatorFidelityOptions options =
        new SimulatorFidelityOptions(
            Path.of("..", "examples", "models"),
            "mlp_classifier",
            0,
            8,
            Duration.ofMillis(100),
            Duration.ofMillis(100),
            3,
            Duration.ofMillis(100),
            Duration.ofMillis(300),
            List.of(0.5, 0.8, 0.95),
            2_000,
            20,
            7,
            results);
    SimulatorFidelity bench =
        new SimulatorFidelity(
            options, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    SimulatorFidelityReport report = bench.run();
    JsonNode json = new ObjectMapper().readTree(bench.write(report).toFile());

    assertThat(SimulatorFidelity.failed(report)).as(report.table()).isFalse();
    assertThat(json.get("profile")).isNotEmpty();
    assertThat(json.at("/setup/instances").asInt()).isEqualTo(1);
    assertThat(json.at("/unloaded/measured/latency/p50Micros").asDouble()).isPositive();
    assertThat(json.at("/unloaded/simulated/p50Micros").asDouble()).isPositive();
    assertThat(json.at("/saturation/measured/throughput").asDouble()).isPositive();
    assertThat(json.at("/saturation/simulated/throughput").asDouble()).isPositive();
    assertThat(json.at("/saturation/simulatedModelOnly/throughput").asDouble()).isPositive();
    assertThat(json.at("/hostCpu/points")).hasSize(2);
    assertThat(json.at("/hostCpu/points/0/use/requests").asLong()).isPositive();
    assertThat(json.at("/hostCpu/points/0/use/processCpuSeconds").asDouble()).isPositive();
    assertThat(json.at("/saturation/measuredCpu/requests").asLong()).isPositive();
    assertThat(json.at("/hostCpu/cores").asInt()).isPositive();
    assertThat(json.get("levels")).hasSize(3);
    for (JsonNode level : json.get("levels")) {
      assertThat(level.at("/measured/completed").asLong()).isPositive();
      assertThat(level.at("/simulated/arrived").asLong()).isGreaterThanOrEqualTo(1_000);
      assertThat(level.get("correctedP99Ratio").asDouble()).isPositive();
    }
    // One saturation goal and two latency goals per level, each with a verdict.
    assertThat(json.get("goals")).hasSize(7);
    for (JsonNode goal : json.get("goals")) {
      assertThat(goal.get("verdict").asText()).isIn("MET", "MISSED");
    }
    assertThat(report.table()).contains("saturation", "95%", "corr p99");
  }

  @Test
  void theGoalsUseTheirTolerances() {
    assertThat(SimulatorFidelityReport.within(1.149, 0.15)).isTrue();
    assertThat(SimulatorFidelityReport.within(0.851, 0.15)).isTrue();
    assertThat(SimulatorFidelityReport.within(1.151, 0.15)).isFalse();
    assertThat(SimulatorFidelityReport.within(0.94, 0.05)).isFalse();
  }

  @Test
  void theFlagsOverrideTheDefaults() {
    SimulatorFidelityOptions o =
        SimulatorFidelityOptions.parse(
            new String[] {"--model", "image_classifier", "--utilisations", "0.3,0.6"});
    assertThat(o.model()).isEqualTo("image_classifier");
    assertThat(o.utilisations()).containsExactly(0.3, 0.6);
    assertThat(o.openWindow()).isEqualTo(SimulatorFidelityOptions.defaults().openWindow());
  }
}
