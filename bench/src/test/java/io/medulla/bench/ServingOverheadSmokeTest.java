package io.medulla.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medulla.time.Ticker;
import io.medulla.time.WallClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs every G1 mode against the example MLP with tiny numbers: a smoke run, not a measurement. */
class ServingOverheadSmokeTest {
  private static final Path REPOSITORY = Path.of("..", "examples", "models");

  @TempDir Path results;

  @Test
  void everyModeRunsAtEveryConcurrencyAndTheJsonSaysSo() throws Exception {
    G1Options options =
        G1Options.parse(
            "--model-repository",
            REPOSITORY.toString(),
            "--concurrency",
            "1,2",
            "--warmup-secs",
            "0.1",
            "--window-secs",
            "0.1",
            "--windows",
            "3",
            "--results-dir",
            results.toString());
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    ServingOverhead bench =
        new ServingOverhead(
            options,
            Ticker.system(),
            WallClock.system(),
            new PrintStream(progress, true, StandardCharsets.UTF_8));

    G1Report report = bench.run();
    Path file = bench.write(report);

    assertThat(file.getParent()).isEqualTo(results);
    assertThat(file.getFileName().toString()).startsWith("g1-").endsWith(".json");
    JsonNode json = new ObjectMapper().readTree(file.toFile());
    Set<String> seen = new HashSet<>();
    for (JsonNode run : json.get("results")) {
      assertThat(run.get("error").isNull()).as(run.toString()).isTrue();
      assertThat(run.get("throughput").asDouble()).as(run.toString()).isPositive();
      assertThat(run.get("latency").get("p50Micros").asDouble()).isPositive();
      assertThat(run.get("windows")).hasSize(3);
      seen.add(run.get("mode").asText() + "@" + run.get("concurrency").asInt());
    }
    assertThat(seen)
        .containsExactlyInAnyOrderElementsOf(
            Stream.of(Mode.values())
                .flatMap(m -> Stream.of(m.label() + "@1", m.label() + "@2"))
                .toList());
    assertThat(json.get("ratios").get("saturation")).hasSize(3);
    assertThat(json.get("ratios").get("addedP50AtConcurrency1")).hasSize(3);
    assertThat(json.get("environment").get("coreSharing").asText()).contains("one JVM");
    assertThat(ReportTable.render(report)).contains("binary-rest", "grpc", "in-process-engine");
    try (Stream<Path> files = Files.list(results)) {
      assertThat(files.toList()).isEqualTo(List.of(file));
    }
  }
}
