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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs G6 on the example triage graph with tiny numbers: a smoke run, not a measurement. */
class GraphBenchSmokeTest {
  @TempDir Path results;

  @Test
  void everyModeRunsAndTheJsonHoldsTheRatios() throws Exception {
    G6Options options =
        G6Options.parse(
            "--model-repository", Path.of("..", "examples", "models").toString(),
            "--warmup-requests", "3",
            "--requests", "5",
            "--windows", "3",
            "--results-dir", results.toString());
    GraphBench bench =
        new GraphBench(
            options,
            Ticker.system(),
            WallClock.system(),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    G6Report report = bench.run();
    Path file = bench.write(report);

    JsonNode json = new ObjectMapper().readTree(file.toFile());
    assertThat(file.getFileName().toString()).startsWith("g6-").endsWith(".json");
    assertThat(json.get("modes").fieldNames())
        .toIterable()
        .containsExactly(
            "graph", "client", "classify", "read_note", "finding", "detail", "fuse", "urgency");
    assertThat(json.get("criticalPath").get("steps").get(0).asText()).isEqualTo("classify");
    assertThat(json.get("ratios").get("graphP50OverCriticalPathP50Sum").asDouble()).isPositive();
    assertThat(json.get("ratios").get("graphP99OverClientP99").asDouble()).isPositive();
    assertThat(json.get("goals")).hasSize(2);
    assertThat(G6Table.render(report)).contains("critical path classify", "goal");
  }
}
