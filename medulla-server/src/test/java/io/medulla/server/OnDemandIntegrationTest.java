package io.medulla.server;

import static io.medulla.server.CacheTrial.SIMPLE_BODY;
import static io.medulla.server.CacheTrial.SIMPLE_SUM;
import static io.medulla.server.TestRepository.memory;
import static io.medulla.server.TestRepository.simpleWarmupFromFile;
import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.inference.InferenceResponse;
import io.medulla.repository.ModelControlMode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On-demand loads through the real server (ONNX Runtime, REST): in model control mode ON_DEMAND a
 * model loads on its first request, once however many requests wait for it, each request keeping
 * its own deadline; a graph loads the models it calls.
 */
class OnDemandIntegrationTest {
  private static final String GATED = "gated";

  @TempDir Path root;

  private TestRepository repository() {
    return new TestRepository(root);
  }

  private MedullaServer start() {
    return MedullaServer.start(
        LocalTrial.builder(root).modelControl(ModelControlMode.ON_DEMAND, List.of()).build());
  }

  /** A {@code simple} model whose load can be held in its warm-up ({@link WarmupGate}). */
  private void gatedModel() {
    repository().model("simple", GATED, memory("64MiB"), simpleWarmupFromFile("gate"));
  }

  private WarmupGate gate() {
    return WarmupGate.at(root.resolve(GATED).resolve("warmup").resolve("gate"));
  }

  @Test
  void firstRequestLoadsTheModelAndCountsAsTheOnlyColdStart() {
    repository().model("simple", "lazy", memory("64MiB"));
    try (MedullaServer server = start()) {
      CacheTrial trial = new CacheTrial(server);
      assertThat(trial.row("lazy", ""))
          .contains("\"state\":\"UNAVAILABLE\"")
          .contains("\"reason\":\"not loaded (loads on first request)\"");
      assertThat(trial.get(server.httpPort(), "/v2/models/lazy/ready").statusCode())
          .isNotEqualTo(200);

      HttpResponse<String> first = trial.inferSimple("lazy");

      assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
      assertThat(first.body())
          .contains(SIMPLE_SUM)
          .contains(CacheTrial.SIMPLE_DIFFERENCE)
          .contains("model_sha256");
      assertThat(trial.state("lazy")).isEqualTo("READY");
      assertThat(trial.get(server.httpPort(), "/v2/models/lazy/ready").statusCode()).isEqualTo(200);
      String metrics = trial.metrics();
      assertThat(metrics)
          .contains("medulla_model_loads_total{model=\"lazy\",cause=\"on_demand\"} 1\n")
          .contains("medulla_model_cold_start_requests_total{model=\"lazy\"} 1\n")
          .contains("medulla_model_cold_start_wait_ms_count{model=\"lazy\"} 1\n")
          .contains(
              "medulla_model_memory_bytes{model=\"lazy\",version=\"1\",device=\"host\","
                  + "pinned=\"false\"} 67108864\n")
          .contains("medulla_model_state{model=\"lazy\",version=\"1\",state=\"READY\"} 1\n")
          .doesNotContain("cause=\"start\"");

      trial.servesSimple("lazy");

      metrics = trial.metrics();
      assertThat(metrics)
          .contains("medulla_model_loads_total{model=\"lazy\",cause=\"on_demand\"} 1\n")
          .contains("medulla_model_cold_start_requests_total{model=\"lazy\"} 1\n");
    }
  }

  @Test
  void requestsArrivingDuringTheLoadWaitForThatOneLoad() throws Exception {
    gatedModel();
    int waiters = 8;
    try (MedullaServer server = start();
        WarmupGate gate = gate()) {
      CacheTrial trial = new CacheTrial(server);
      CompletableFuture<HttpResponse<String>> first =
          trial.postAsync("/v2/models/" + GATED + "/infer", SIMPLE_BODY);
      gate.awaitLoad();
      assertThat(trial.state(GATED)).isEqualTo("LOADING");

      // In process, each request has joined the load when infer returns; the load is held.
      List<CompletableFuture<InferenceResponse>> joined = new ArrayList<>();
      for (int i = 1; i < waiters; i++) {
        joined.add(server.engine().infer(CacheTrial.simpleRequest(GATED, i)));
      }
      assertThat(joined).noneMatch(CompletableFuture::isDone);
      assertThat(first).isNotDone();

      gate.release(CacheTrial.warmupInput());

      HttpResponse<String> r = first.join();
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(r.body()).contains(SIMPLE_SUM);
      int[] expected = IntStream.rangeClosed(1, 16).toArray();
      for (CompletableFuture<InferenceResponse> f : joined) {
        assertThat(CacheTrial.sum(f.join())).containsExactly(expected);
      }
      assertThat(trial.state(GATED)).isEqualTo("READY");
      String metrics = trial.metrics();
      assertThat(metrics)
          .contains("medulla_model_loads_total{model=\"gated\",cause=\"on_demand\"} 1\n")
          .contains("medulla_model_cold_start_requests_total{model=\"gated\"} " + waiters + "\n")
          .contains("medulla_model_warmup_ms_count{model=\"gated\"} 1\n");
    }
  }

  @Test
  void deadlinePassingDuringTheLoadFailsThatRequestOnlyAndTheLoadGoesOn() throws Exception {
    gatedModel();
    try (MedullaServer server = start();
        WarmupGate gate = gate()) {
      CacheTrial trial = new CacheTrial(server);
      CompletableFuture<InferenceResponse> patient =
          server.engine().infer(CacheTrial.simpleRequest(GATED, 1));
      gate.awaitLoad();

      // 200 ms: while the load is held, whenever the request reaches the cache.
      HttpResponse<String> hurried =
          trial.post(
              "/v2/models/" + GATED + "/infer",
              SIMPLE_BODY.replace(
                  "{\"inputs\"", "{\"parameters\":{\"timeout\":200000},\"inputs\""));

      assertThat(hurried.statusCode()).as(hurried.body()).isEqualTo(504);
      assertThat(hurried.body()).contains("deadline passed").contains("'" + GATED + "'");
      assertThat(patient).isNotDone();
      assertThat(trial.state(GATED)).isEqualTo("LOADING");

      gate.release(CacheTrial.warmupInput());

      assertThat(CacheTrial.sum(patient.join()))
          .containsExactly(IntStream.rangeClosed(1, 16).toArray());
      trial.servesSimple(GATED);
      String metrics = trial.metrics();
      assertThat(metrics)
          .contains("medulla_model_loads_total{model=\"gated\",cause=\"on_demand\"} 1\n")
          .contains("medulla_model_cold_start_requests_total{model=\"gated\"} 1\n");
    }
  }

  @Test
  void graphRequestLoadsTheModelsItCalls() {
    repository()
        .examples(
            List.of(
                "clinical_triage",
                "image_classifier",
                "note_encoder",
                "finding_detail",
                "triage_fusion"));
    List<String> models =
        List.of("finding_detail", "image_classifier", "note_encoder", "triage_fusion");
    try (MedullaServer server = start()) {
      CacheTrial trial = new CacheTrial(server);
      for (String model : models) {
        assertThat(trial.row(model, "")).contains("\"state\":\"UNAVAILABLE\"");
      }

      HttpResponse<String> r = trial.post("/v2/models/clinical_triage/infer", triage());

      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(r.body())
          .contains("\"model_name\":\"clinical_triage\"")
          .contains("\"name\":\"finding\",\"datatype\":\"INT64\",\"shape\":[1],\"data\":[3]")
          .contains("\"name\":\"severity\"")
          .contains("\"name\":\"urgency\"");
      String metrics = trial.metrics();
      for (String model : models) {
        assertThat(trial.state(model)).as(model).isEqualTo("READY");
        assertThat(metrics)
            .contains("medulla_model_loads_total{model=\"" + model + "\",cause=\"on_demand\"} 1\n");
      }
      assertThat(trial.post("/v2/models/clinical_triage/infer", triage()).statusCode())
          .isEqualTo(200);
    }
  }

  /** An image of all ones makes the classifier find class 3, so every step runs. */
  private static String triage() {
    return "{\"inputs\":["
        + "{\"name\":\"image\",\"datatype\":\"FP32\",\"shape\":[1,64],\"data\":"
        + repeat("1.0", 64)
        + "},"
        + "{\"name\":\"note\",\"datatype\":\"FP32\",\"shape\":[1,32],\"data\":"
        + repeat("0.1", 32)
        + "}]}";
  }

  private static String repeat(String value, int n) {
    return "[" + String.join(",", java.util.Collections.nCopies(n, value)) + "]";
  }
}
