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
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs G7 with tiny numbers: a smoke run, not a measurement. Part A runs in full except the wait
 * for the cron time (the schedule's loads start at its first tick, so the pre-warmed copies are
 * READY within seconds; only the real-minute wait is skipped). Part B runs a whole simulated day
 * twice with one request per model, and its result is asserted: it does not depend on timing.
 */
class ColdStartBenchG7SmokeTest {
  @TempDir Path results;

  @Test
  void bothPartsRunAndTheScheduleLeavesTheSimulatedDayWithoutColdStarts() throws Exception {
    G7Options options =
        G7Options.parse(
            "--model-repository", Path.of("..", "examples", "models").toString(),
            "--first-requests", "2",
            "--steady-warmup", "5",
            "--steady-requests", "10",
            "--wait-for-firing", "false",
            "--morning-models", "3",
            "--evening-models", "2",
            "--requests-per-model", "2",
            "--results-dir", results.toString());
    ColdStartBench bench =
        new ColdStartBench(
            options,
            Ticker.system(),
            WallClock.system(),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    G7Report report = bench.run();
    Path file = bench.write(report);

    assertThat(report.partAError()).isNull();
    assertThat(report.partBError()).isNull();
    JsonNode json = new ObjectMapper().readTree(file.toFile());
    assertThat(file.getFileName().toString()).startsWith("g7-").endsWith(".json");

    JsonNode a = json.get("partA");
    assertThat(a.get("lazyFirst").get("count").asInt()).isEqualTo(2);
    assertThat(a.get("prewarmedFirst").get("count").asInt()).isEqualTo(2);
    assertThat(a.get("steady").get("count").asInt()).isEqualTo(10);
    assertThat(a.get("lazySecond").get("count").asInt()).isEqualTo(2);
    assertThat(a.get("prewarmedSecond").get("count").asInt()).isEqualTo(2);
    assertThat(a.get("prewarmedRevisit").get("count").asInt()).isEqualTo(2);
    assertThat(a.get("adjacentSteady").get("count").asInt()).isEqualTo(40);
    assertThat(a.get("lazyOverPrewarmed").asDouble()).isPositive();
    assertThat(a.get("prewarmedOverSteady").asDouble()).isPositive();
    // The server's own account: each lazy copy cold-started its one first request and loaded on
    // demand; the scheduled copies were loaded by the schedule and no request waited for them.
    JsonNode lazy = a.get("serverMetrics").get(0);
    JsonNode sched = a.get("serverMetrics").get(1);
    assertThat(lazy.get("group").asText()).isEqualTo("lazy");
    assertThat(lazy.get("coldStartRequests").asInt()).isEqualTo(2);
    assertThat(lazy.get("loadsByCause").get("on_demand").asInt()).isEqualTo(2);
    assertThat(sched.get("group").asText()).isEqualTo("sched");
    assertThat(sched.get("coldStartRequests").asInt()).isZero();
    assertThat(sched.get("loadsByCause").get("schedule").asInt()).isEqualTo(2);

    JsonNode with = json.get("partB").get("withSchedule");
    JsonNode without = json.get("partB").get("withoutSchedule");
    assertThat(with.get("requests").asInt()).isEqualTo(10);
    assertThat(with.get("failedRequests").asInt()).isZero();
    assertThat(with.get("coldStarts").asInt()).isZero();
    assertThat(with.get("coldStartsHeardByCache").asInt()).isZero();
    assertThat(with.get("loadsByCause").get("schedule").asInt()).isEqualTo(5);
    // Without the schedule every model's first request of the day waits for its load.
    assertThat(without.get("failedRequests").asInt()).isZero();
    assertThat(without.get("coldStarts").asInt()).isEqualTo(5);
    assertThat(without.get("coldStartsHeardByCache").asInt()).isEqualTo(5);
    // The budget holds three of the five: the evening's loads evict two of the morning's.
    assertThat(with.get("evictions").asInt()).isEqualTo(2);
    assertThat(without.get("evictions").asInt()).isEqualTo(2);

    assertThat(json.get("goals")).hasSize(3);
    assertThat(json.get("goals").get(2).get("met").asBoolean()).isTrue();
    assertThat(G7Table.render(report)).contains("first, lazy load", "with schedule", "goal");
  }

  @Test
  void aGeneratedModelLoadsInOnnxRuntimeAndServesTheSimulatedDay() throws Exception {
    Path source = results.resolve("synthetic");
    SyntheticModel.write(source, 4, 7);
    G7Options options =
        G7Options.parse(
                "--morning-models", "1",
                "--evening-models", "1",
                "--requests-per-model", "1")
            .withModel(source, SyntheticModel.NAME);

    MorningSimulation.Result day =
        new MorningSimulation(
                options,
                Ticker.system(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
            .run();

    assertThat(day.withSchedule().failedRequests()).isZero();
    assertThat(day.withSchedule().coldStarts()).isZero();
    assertThat(day.withoutSchedule().coldStarts()).isEqualTo(2);
    assertThat(day.withSchedule().events())
        .anyMatch(e -> e.startsWith("06:58:00 loaded rounds_1 (schedule"));
  }

  @Test
  void theCronFiresAtTheNextWholeMinuteUnlessItIsTooClose() {
    Instant early = Instant.parse("2026-03-02T10:00:30Z");
    Instant late = Instant.parse("2026-03-02T10:00:50Z");

    assertThat(ServerColdStart.nextFiring(early, 15)).isEqualTo("2026-03-02T10:01:00Z");
    assertThat(ServerColdStart.nextFiring(late, 15)).isEqualTo("2026-03-02T10:02:00Z");
    assertThat(ServerColdStart.scheduleYaml(late, List.of("sched_1", "sched_2")))
        .contains("cron: \"0 10 * * *\"", "time_zone: UTC", "models: [sched_1, sched_2]");
  }

  @Test
  void aCopyIsRenamedAndDeclaresItsFootprint() {
    String config = "name: \"image_classifier\"\nmax_batch_size: 8\n";

    assertThat(ModelCopies.configFor(config, "rounds_1", "64 MiB"))
        .startsWith("name: \"rounds_1\"\nmax_batch_size: 8")
        .contains("key: \"medulla.memory_bytes\" value: { string_value: \"64 MiB\" }");
    assertThat(ModelCopies.configFor(config, "lazy_1", ""))
        .isEqualTo("name: \"lazy_1\"\nmax_batch_size: 8\n");
  }

  @Test
  void metricsAreReadBackPerModelAndCause() {
    PrometheusSamples m =
        PrometheusSamples.parse(
            "# TYPE medulla_model_loads_total counter\n"
                + "medulla_model_loads_total{model=\"a\",cause=\"schedule\"} 2\n"
                + "medulla_model_loads_total{model=\"a\",cause=\"on_demand\"} 1\n"
                + "medulla_model_loads_total{model=\"ab\",cause=\"schedule\"} 5\n"
                + "medulla_model_load_ms_sum{model=\"a\"} 12.0\n");

    assertThat(m.sumOfModel("medulla_model_loads_total", "a", "")).isEqualTo(3);
    assertThat(m.sumOfModel("medulla_model_loads_total", "a", "cause=\"schedule\"")).isEqualTo(2);
    assertThat(m.ofModel("medulla_model_load_ms_sum", "a")).isEqualTo(12);
    assertThat(m.ofModel("medulla_model_load_ms_sum", "b")).isZero();
  }
}
