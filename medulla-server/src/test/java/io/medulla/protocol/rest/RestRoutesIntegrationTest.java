package io.medulla.protocol.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import io.medulla.repository.DynamicBatching;
import io.medulla.repository.InstanceGroup;
import io.medulla.repository.ModelConfig;
import io.medulla.repository.ModelInput;
import io.medulla.repository.ModelOutput;
import io.medulla.repository.QueuePolicy;
import io.medulla.repository.VersionPolicy;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RestRoutesIntegrationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static RestTestServer server;

  @BeforeAll
  static void start() {
    server = new RestTestServer();
    server.engine.add(
        new ModelConfig(
            "batched",
            "onnxruntime_onnx",
            "onnxruntime",
            8,
            List.of(new ModelInput("IN", DataType.FP32, Shape.of(4), Shape.of(2, 2), false)),
            List.of(new ModelOutput("OUT", DataType.FP32, Shape.of(4), null, "labels.txt")),
            new VersionPolicy.Specific(List.of(1L, 3L)),
            List.of(new InstanceGroup("", 2, InstanceGroup.Kind.KIND_GPU, List.of(0, 1))),
            new DynamicBatching(
                List.of(4, 8),
                100,
                false,
                2,
                1,
                QueuePolicy.defaults(),
                Map.of(1, QueuePolicy.defaults())),
            List.of(),
            Map.of("execution_mode", "sequential"),
            List.of(),
            List.of(),
            "model.onnx"),
        r -> CompletableFuture.failedFuture(new IllegalStateException("not used")));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonNode json(HttpResponse<byte[]> response) throws IOException {
    return JSON.readTree(response.body());
  }

  @Test
  void liveAndReadyAnswer200WithAnEmptyBody() throws Exception {
    HttpResponse<byte[]> live = server.get("/v2/health/live");
    HttpResponse<byte[]> ready = server.get("/v2/health/ready");
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.body()).isEmpty();
    assertThat(ready.statusCode()).isEqualTo(200);
  }

  @Test
  void notReadyServerAnswers503WithAnErrorBody() throws Exception {
    server.engine.setReady(false);
    try {
      HttpResponse<byte[]> ready = server.get("/v2/health/ready");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(json(ready).get("error").asText()).isEqualTo("server is not ready");
    } finally {
      server.engine.setReady(true);
    }
  }

  @Test
  void serverMetadataListsNameVersionAndExtensions() throws Exception {
    JsonNode body = json(server.get("/v2"));
    assertThat(body.get("name").asText()).isEqualTo("medulla");
    assertThat(body.get("version").asText()).isEqualTo("test");
    assertThat(body.get("extensions").toString())
        .isEqualTo("[\"binary_tensor_data\",\"statistics\"]");
  }

  @Test
  void modelMetadataDescribesInputsAndOutputs() throws Exception {
    HttpResponse<byte[]> response = server.get("/v2/models/simple");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode body = json(response);
    assertThat(body.get("name").asText()).isEqualTo("simple");
    assertThat(body.get("versions").toString()).isEqualTo("[\"1\"]");
    assertThat(body.get("platform").asText()).isEqualTo("onnxruntime_onnx");
    assertThat(body.get("inputs").toString())
        .isEqualTo(
            "[{\"name\":\"INPUT0\",\"datatype\":\"INT32\",\"shape\":[-1,16]},"
                + "{\"name\":\"INPUT1\",\"datatype\":\"INT32\",\"shape\":[-1,16]}]");
    assertThat(body.get("outputs").get(1).get("name").asText()).isEqualTo("OUTPUT1");
    assertThat(json(server.get("/v2/models/simple/versions/1")).get("name").asText())
        .isEqualTo("simple");
  }

  @Test
  void unknownModelOrVersionIs404WithTheEngineMessage() throws Exception {
    HttpResponse<byte[]> model = server.get("/v2/models/nope");
    HttpResponse<byte[]> version = server.get("/v2/models/simple/versions/7/config");
    assertThat(model.statusCode()).isEqualTo(404);
    assertThat(json(model).get("error").asText()).contains("unknown model 'nope'");
    assertThat(version.statusCode()).isEqualTo(404);
    assertThat(json(version).get("error").asText()).contains("unknown version '7'");
  }

  @Test
  void modelReadyIs200WhenReadyAnd503Otherwise() throws Exception {
    assertThat(server.get("/v2/models/simple/ready").statusCode()).isEqualTo(200);
    assertThat(server.get("/v2/models/simple/versions/1/ready").statusCode()).isEqualTo(200);
    HttpResponse<byte[]> notReady = server.get("/v2/models/simple/versions/2/ready");
    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(json(notReady).get("error").asText())
        .isEqualTo("model 'simple' version '2' is not ready");
  }

  @Test
  void modelConfigUsesTritonsJsonForm() throws Exception {
    JsonNode c = json(server.get("/v2/models/batched/config"));
    assertThat(c.get("name").asText()).isEqualTo("batched");
    assertThat(c.get("backend").asText()).isEqualTo("onnxruntime");
    assertThat(c.get("max_batch_size").asInt()).isEqualTo(8);
    assertThat(c.get("input").get(0).toString())
        .isEqualTo(
            "{\"name\":\"IN\",\"data_type\":\"TYPE_FP32\",\"format\":\"FORMAT_NONE\",\"dims\":[4],"
                + "\"reshape\":{\"shape\":[2,2]},\"is_shape_tensor\":false,"
                + "\"allow_ragged_batch\":false,\"optional\":false}");
    assertThat(c.get("output").get(0).get("label_filename").asText()).isEqualTo("labels.txt");
    assertThat(c.get("version_policy").toString()).isEqualTo("{\"specific\":{\"versions\":[1,3]}}");
    assertThat(c.get("instance_group").toString())
        .isEqualTo("[{\"name\":\"batched_0\",\"kind\":\"KIND_GPU\",\"count\":2,\"gpus\":[0,1]}]");
    JsonNode batching = c.get("dynamic_batching");
    assertThat(batching.get("preferred_batch_size").toString()).isEqualTo("[4,8]");
    assertThat(batching.get("max_queue_delay_microseconds").asLong()).isEqualTo(100);
    assertThat(batching.get("default_queue_policy").get("timeout_action").asText())
        .isEqualTo("REJECT");
    assertThat(batching.get("priority_queue_policy").has("1")).isTrue();
    assertThat(c.get("parameters").toString())
        .isEqualTo("{\"execution_mode\":{\"string_value\":\"sequential\"}}");
    assertThat(c.get("model_warmup").isArray()).isTrue();
    assertThat(c.get("default_model_filename").asText()).isEqualTo("model.onnx");
    assertThat(json(server.get("/v2/models/simple/config")).has("dynamic_batching")).isFalse();
  }

  @Test
  void statisticsUseTritonsShape() throws Exception {
    JsonNode all = json(server.get("/v2/models/stats"));
    assertThat(all.get("model_stats").size()).isGreaterThanOrEqualTo(4);
    JsonNode one = json(server.get("/v2/models/simple/stats")).get("model_stats");
    assertThat(one.size()).isEqualTo(1);
    JsonNode s = one.get(0);
    assertThat(s.get("name").asText()).isEqualTo("simple");
    assertThat(s.get("version").asText()).isEqualTo("1");
    assertThat(s.get("inference_count").asLong()).isZero();
    assertThat(s.get("inference_stats").get("success").toString())
        .isEqualTo("{\"count\":0,\"ns\":0}");
    assertThat(s.get("inference_stats").has("compute_output")).isTrue();
    assertThat(s.get("batch_stats").isArray()).isTrue();
    assertThat(json(server.get("/v2/models/simple/versions/1/stats")).get("model_stats").size())
        .isEqualTo(1);
    assertThat(server.get("/v2/models/nope/stats").statusCode()).isEqualTo(404);
  }

  @Test
  void repositoryIndexListsModels() throws Exception {
    HttpResponse<byte[]> withBody = server.post("/v2/repository/index", "{\"ready\": true}");
    HttpResponse<byte[]> empty = server.post("/v2/repository/index", "");
    assertThat(withBody.statusCode()).isEqualTo(200);
    assertThat(json(withBody).get(0).toString())
        .isEqualTo("{\"name\":\"batched\",\"version\":\"1\",\"state\":\"READY\",\"reason\":\"\"}");
    assertThat(json(empty).size()).isEqualTo(json(withBody).size());
    HttpResponse<byte[]> bad = server.post("/v2/repository/index", "{\"ready\": 1}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).get("error").asText()).isEqualTo("ready: expected true or false");
  }

  @Test
  void loadAndUnloadReachTheEngine() throws Exception {
    assertThat(server.post("/v2/repository/models/simple/load", "").statusCode()).isEqualTo(200);
    assertThat(
            server
                .post(
                    "/v2/repository/models/echo/unload",
                    "{\"parameters\":{\"unload_dependents\":true}}")
                .statusCode())
        .isEqualTo(200);
    assertThat(server.engine.loads()).contains("simple");
    assertThat(server.engine.unloads()).contains("echo");
  }

  @Test
  void loadOfAnUnknownModelMapsTheEngineStatus() throws Exception {
    HttpResponse<byte[]> response = server.post("/v2/repository/models/ghost/load", "{}");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response).get("error").asText()).isEqualTo("unknown model 'ghost'");
  }

  @Test
  void loadRefusesFileParametersAndConfigOverrides() throws Exception {
    HttpResponse<byte[]> file =
        server.post(
            "/v2/repository/models/simple/load",
            "{\"parameters\":{\"file:1/model.onnx\":\"AAAA\"}}");
    HttpResponse<byte[]> config =
        server.post("/v2/repository/models/simple/load", "{\"parameters\":{\"config\":\"{}\"}}");
    HttpResponse<byte[]> other =
        server.post("/v2/repository/models/simple/load", "{\"parameters\":{\"path\":\"/etc\"}}");
    assertThat(file.statusCode()).isEqualTo(400);
    assertThat(json(file).get("error").asText())
        .startsWith("parameters: 'file:' parameters are not supported")
        .doesNotContain("model.onnx");
    assertThat(config.statusCode()).isEqualTo(400);
    assertThat(json(config).get("error").asText()).startsWith("parameters.config: overriding");
    assertThat(other.statusCode()).isEqualTo(400);
    assertThat(json(other).get("error").asText())
        .isEqualTo("parameters.path: not a load parameter this server supports");
    assertThat(server.engine.loads()).doesNotContain("simple-file");
  }

  @Test
  void armeriasOwnStatusesUseTheErrorBodyUnderV2() throws Exception {
    HttpResponse<byte[]> wrongMethod = server.get("/v2/models/simple/infer");
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(json(wrongMethod).get("error").asText()).isEqualTo("Method Not Allowed");
    HttpResponse<byte[]> unknownRoute = server.get("/v2/nothing/here");
    assertThat(unknownRoute.statusCode()).isEqualTo(404);
    assertThat(json(unknownRoute).has("error")).isTrue();
    assertThat(server.get("/elsewhere").headers().firstValue("content-type"))
        .hasValueSatisfying(type -> assertThat(type).doesNotContain("json"));
  }

  @Test
  void malformedRepositoryBodyIs400() throws Exception {
    HttpResponse<byte[]> response =
        server.post("/v2/repository/models/simple/load", "{\"parameters\":");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("error").asText()).startsWith("malformed JSON at line 1 column");
  }
}
