package io.medulla.server;

import static io.medulla.server.TestRepository.memory;
import static io.medulla.server.TestRepository.pinned;
import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.cache.MemoryBudget;
import io.medulla.repository.ModelControlMode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory budget through the real server: least recently used idle models are evicted to make
 * room, pinned ones never; a load that cannot get room is refused with the figures, and the models
 * already loaded keep serving. Every model declares 100 MiB, so the arithmetic is exact.
 */
class ModelCacheIntegrationTest {
  private static final long MIB = 1024L * 1024;

  @TempDir Path root;

  private MedullaServer start(long budgetMib, Set<String> pinnedModels) {
    CacheSettings cache =
        new CacheSettings(
            MemoryBudget.of("host", budgetMib * MIB), pinnedModels, null, true, ZoneId.of("UTC"));
    return MedullaServer.start(
        LocalTrial.builder(root)
            .modelControl(ModelControlMode.ON_DEMAND, List.of())
            .cache(cache)
            .build());
  }

  private void models(String... names) {
    TestRepository repository = new TestRepository(root);
    for (String name : names) {
      repository.model("simple", name, memory("100MiB"));
    }
  }

  private static String evictions(String model) {
    return "medulla_model_evictions_total{model=\"" + model + "\"}";
  }

  @Test
  void theLeastRecentlyUsedIdleModelMakesRoom() {
    models("a", "b", "c");
    try (MedullaServer server = start(250, Set.of())) {
      CacheTrial trial = new CacheTrial(server);
      trial.servesSimple("a");
      trial.servesSimple("b");
      trial.servesSimple("a");

      trial.servesSimple("c");

      assertThat(trial.row("b", "1"))
          .contains("\"state\":\"UNAVAILABLE\"")
          .contains("memory budget (host)")
          .contains("evicted")
          .contains("'c'");
      assertThat(trial.state("a")).isEqualTo("READY");
      assertThat(trial.state("c")).isEqualTo("READY");
      String metrics = trial.metrics();
      assertThat(CacheTrial.value(metrics, evictions("b"))).isEqualTo(1);
      assertThat(CacheTrial.value(metrics, evictions("a"))).isZero();
      assertThat(metrics)
          .contains("medulla_memory_used_bytes{device=\"host\"} " + 200 * MIB + "\n")
          .contains("medulla_memory_budget_bytes{device=\"host\"} " + 250 * MIB + "\n")
          .contains("medulla_model_state{model=\"b\",version=\"1\",state=\"UNAVAILABLE\"} 1\n");

      // b comes back on its next request; a is now the least recently used.
      trial.servesSimple("b");

      assertThat(trial.state("a")).isEqualTo("UNAVAILABLE");
      assertThat(trial.state("b")).isEqualTo("READY");
      assertThat(trial.state("c")).isEqualTo("READY");
      metrics = trial.metrics();
      assertThat(CacheTrial.value(metrics, evictions("a"))).isEqualTo(1);
      assertThat(CacheTrial.value(metrics, evictions("c"))).isZero();
      assertThat(metrics)
          .contains("medulla_model_loads_total{model=\"b\",cause=\"on_demand\"} 2\n")
          .contains("medulla_model_cold_start_requests_total{model=\"b\"} 2\n");
    }
  }

  @Test
  void loadThatCannotGetRoomIsRefusedAndThePinnedModelKeepsServing() {
    new TestRepository(root)
        .model("simple", "a", memory("100MiB"), pinned())
        .model("simple", "b", memory("100MiB"));
    try (MedullaServer server = start(150, Set.of())) {
      CacheTrial trial = new CacheTrial(server);
      assertThat(trial.state("a")).isEqualTo("READY");

      HttpResponse<String> refused = trial.inferSimple("b");

      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
      assertThat(refused.body())
          .contains("memory budget (host)")
          .contains("cannot load model 'b'")
          .contains("100.0 MiB")
          .contains("150.0 MiB")
          .contains("nothing can be evicted")
          .contains("pinned: a/1");
      assertThat(trial.row("b", "1"))
          .contains("\"state\":\"UNAVAILABLE\"")
          .contains("cannot load model 'b'");
      trial.servesSimple("a");
      String metrics = trial.metrics();
      assertThat(metrics)
          .contains("medulla_model_load_refusals_total{model=\"b\"} 1\n")
          .contains("medulla_model_loads_total{model=\"a\",cause=\"start\"} 1\n");
      assertThat(CacheTrial.value(metrics, evictions("a"))).isZero();
      assertThat(CacheTrial.value(metrics, "medulla_model_cold_start_requests_total{model=\"b\"}"))
          .isZero();
    }
  }

  @Test
  void pinnedModelLoadsAtStartAndIsNeverEvicted() {
    models("p", "x", "y");
    try (MedullaServer server = start(250, Set.of("p"))) {
      CacheTrial trial = new CacheTrial(server);
      assertThat(trial.state("p")).isEqualTo("READY");
      assertThat(trial.row("x", "")).contains("not loaded (loads on first request)");
      assertThat(trial.row("y", "")).contains("not loaded (loads on first request)");

      // p is the least recently used every time, yet x and y evict each other.
      trial.servesSimple("x");
      trial.servesSimple("y");
      trial.servesSimple("x");

      assertThat(trial.state("p")).isEqualTo("READY");
      assertThat(trial.state("x")).isEqualTo("READY");
      assertThat(trial.state("y")).isEqualTo("UNAVAILABLE");
      trial.servesSimple("p");
      String metrics = trial.metrics();
      assertThat(CacheTrial.value(metrics, evictions("p"))).isZero();
      assertThat(CacheTrial.value(metrics, evictions("x"))).isEqualTo(1);
      assertThat(CacheTrial.value(metrics, evictions("y"))).isEqualTo(1);
      assertThat(metrics)
          .contains("medulla_model_loads_total{model=\"p\",cause=\"start\"} 1\n")
          .contains(
              "medulla_model_memory_bytes{model=\"p\",version=\"1\",device=\"host\","
                  + "pinned=\"true\"} "
                  + 100 * MIB
                  + "\n");
    }
  }
}
