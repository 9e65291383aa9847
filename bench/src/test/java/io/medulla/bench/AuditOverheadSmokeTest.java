package io.medulla.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs G8 with tiny numbers: a smoke run, not a measurement. */
class AuditOverheadSmokeTest {
  @TempDir Path results;

  @Test
  void bothModesRunAtBothConcurrenciesAndTheJsonHasTheRatios() throws Exception {
    AuditOverhead bench =
        new AuditOverhead(
            Path.of("..", "examples", "models"),
            "mlp_classifier",
            Duration.ofMillis(100),
            Duration.ofMillis(100),
            3,
            results,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    AuditOverhead.Report report = bench.run();
    JsonNode json = new ObjectMapper().readTree(bench.write(report).toFile());
    assertThat(json.get("results")).hasSize(4);
    for (JsonNode run : json.get("results")) {
      assertThat(run.get("error").isNull()).as(run.toString()).isTrue();
      assertThat(run.get("throughput").asDouble()).isPositive();
    }
    assertThat(json.get("throughputRatioAt32").asDouble()).isPositive();
    assertThat(AuditOverhead.table(report)).contains("audit-on", "audit-off");
  }
}
