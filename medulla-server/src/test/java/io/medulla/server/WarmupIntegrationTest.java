package io.medulla.server;

import static io.medulla.server.TestRepository.simpleWarmupFromFile;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Warm-up runs through ONNX Runtime before a version is READY: a model whose warm-up data is
 * missing or of the wrong size does not serve, and says why.
 */
class WarmupIntegrationTest {
  @TempDir Path root;

  @Test
  void modelServesOnlyAfterItsWarmupAndABrokenWarmupKeepsItOut() {
    TestRepository repository =
        new TestRepository(root)
            .model("simple", "warm_ok", simpleWarmupFromFile("input0"))
            .model("simple", "warm_missing", simpleWarmupFromFile("absent"))
            .model("simple", "warm_short", simpleWarmupFromFile("short"));
    repository.write("warm_ok", "warmup/input0", CacheTrial.warmupInput());
    repository.write("warm_short", "warmup/short", new byte[3]);

    try (MedullaServer server = MedullaServer.start(LocalTrial.config(root))) {
      CacheTrial trial = new CacheTrial(server);

      assertThat(trial.row("warm_missing", "1"))
          .contains("\"state\":\"UNAVAILABLE\"")
          .contains("warm-up 'from_file'")
          .contains("input 'INPUT0'")
          .contains("warm_missing/warmup/absent cannot be read");
      assertThat(trial.row("warm_short", "1"))
          .contains("\"state\":\"UNAVAILABLE\"")
          .contains("warm_short/warmup/short holds 3 bytes (expected: 64 bytes");
      assertThat(trial.state("warm_ok")).isEqualTo("READY");
      trial.servesSimple("warm_ok");
      assertThat(trial.inferSimple("warm_short").statusCode()).isEqualTo(503);

      String metrics = trial.metrics();
      assertThat(metrics)
          .contains("medulla_model_warmup_ms_count{model=\"warm_ok\"} 1\n")
          .contains("medulla_model_loads_total{model=\"warm_ok\",cause=\"start\"} 1\n")
          .contains("medulla_model_state{model=\"warm_ok\",version=\"1\",state=\"READY\"} 1\n")
          .contains(
              "medulla_model_state{model=\"warm_missing\",version=\"1\",state=\"UNAVAILABLE\"} 1\n")
          .doesNotContain("medulla_model_loads_total{model=\"warm_missing\"");
    }
  }
}
