package io.medulla.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medulla.time.Ticker;
import io.medulla.time.WallClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs each scheduling scenario against the example MLP with tiny numbers: a smoke run only. */
class SchedulingBenchSmokeTest {
  private static final Path REPOSITORY = Path.of("..", "examples", "models");

  @TempDir Path results;

  @ParameterizedTest
  @ValueSource(strings = {"g2", "g3", "g4", "g5"})
  void scenarioRunsEveryPhaseAndWritesItsGoals(String scenario) throws Exception {
    SchedulingOptions options =
        SchedulingOptions.parse(
            scenario,
            "--secs",
            "0.3",
            "--warmup-secs",
            "0.1",
            "--model-repository",
            REPOSITORY.toString(),
            "--results-dir",
            results.toString());
    ByteArrayOutputStream table = new ByteArrayOutputStream();

    Path file =
        SchedulingBench.run(
            options,
            Ticker.system(),
            WallClock.system(),
            new PrintStream(table, true, StandardCharsets.UTF_8));

    assertThat(file.getFileName().toString()).startsWith(scenario + "-").endsWith(".json");
    JsonNode json = new ObjectMapper().readTree(file.toFile());
    assertThat(json.get("benchmark").asText()).isEqualTo(scenario);
    assertThat(json.get("goals")).isNotEmpty();
    for (JsonNode goal : json.get("goals")) {
      assertThat(goal.get(3).asText()).isIn("MET", "MISSED");
    }
    assertThat(json.get("environment").get("coreSharing").asText()).contains("one JVM");
    assertThat(table.toString(StandardCharsets.UTF_8)).contains("goal ");
  }
}
