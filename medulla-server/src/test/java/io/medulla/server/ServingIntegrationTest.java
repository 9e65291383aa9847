package io.medulla.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.medulla.protocol.grpc.proto.GRPCInferenceServiceGrpc;
import io.medulla.protocol.grpc.proto.InferParameter;
import io.medulla.protocol.grpc.proto.ModelInferRequest;
import io.medulla.protocol.grpc.proto.ModelInferResponse;
import io.medulla.protocol.grpc.proto.ModelMetadataRequest;
import io.medulla.protocol.grpc.proto.ServerReadyRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Starts the real server on the bundled example models, on free ports, and calls it over REST (JSON
 * and binary) and gRPC the way Triton's clients do.
 */
class ServingIntegrationTest {
  private static final Path EXAMPLES = Path.of("..", "examples", "models");
  private static MedullaServer server;
  private static ManagedChannel channel;
  private static GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub grpc;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server = MedullaServer.start(LocalTrial.config(EXAMPLES));
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
    grpc = GRPCInferenceServiceGrpc.newBlockingStub(channel);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> postJson(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String range(int from) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      s.append(i == 0 ? "" : ",").append(from + i);
    }
    return s.toString();
  }

  @Test
  void serverIsLiveAndReadyAndPrintsItsModels() throws Exception {
    assertThat(get("/v2/health/live").statusCode()).isEqualTo(200);
    assertThat(get("/v2/health/ready").statusCode()).isEqualTo(200);
    assertThat(server.summary())
        .contains("http://127.0.0.1:" + server.httpPort())
        .contains("simple")
        .contains("READY");
  }

  @Test
  void restJsonInferOnSimpleAddsAndSubtracts() throws Exception {
    HttpResponse<String> r =
        postJson(
            "/v2/models/simple/infer",
            "{\"id\":\"abc\",\"inputs\":["
                + "{\"name\":\"INPUT0\",\"datatype\":\"INT32\",\"shape\":[1,16],\"data\":["
                + range(10)
                + "]},"
                + "{\"name\":\"INPUT1\",\"datatype\":\"INT32\",\"shape\":[1,16],\"data\":["
                + range(0)
                + "]}]}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains("\"id\":\"abc\"")
        .contains("\"model_name\":\"simple\"")
        .contains("\"name\":\"OUTPUT0\"")
        .contains("[10,12,14,16,18,20,22,24,26,28,30,32,34,36,38,40]")
        .contains("[10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10]")
        .contains("model_sha256");
  }

  @Test
  void restBinaryInferOnSimpleReturnsBinaryOutputs() throws Exception {
    String header =
        "{\"inputs\":["
            + "{\"name\":\"INPUT0\",\"datatype\":\"INT32\",\"shape\":[1,16],"
            + "\"parameters\":{\"binary_data_size\":64}},"
            + "{\"name\":\"INPUT1\",\"datatype\":\"INT32\",\"shape\":[1,16],"
            + "\"parameters\":{\"binary_data_size\":64}}],"
            + "\"outputs\":[{\"name\":\"OUTPUT0\",\"parameters\":{\"binary_data\":true}}]}";
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer body = ByteBuffer.allocate(json.length + 128).order(ByteOrder.LITTLE_ENDIAN);
    body.put(json);
    for (int i = 0; i < 16; i++) {
      body.putInt(i);
    }
    for (int i = 0; i < 16; i++) {
      body.putInt(100);
    }
    HttpResponse<byte[]> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.httpPort() + "/v2/models/simple/infer"))
                .header("Content-Type", "application/octet-stream")
                .header("Inference-Header-Content-Length", Integer.toString(json.length))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.array()))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    int headerLength =
        Integer.parseInt(r.headers().firstValue("Inference-Header-Content-Length").orElseThrow());
    String responseJson = new String(r.body(), 0, headerLength, StandardCharsets.UTF_8);
    assertThat(responseJson).contains("\"binary_data_size\":64");
    ByteBuffer out =
        ByteBuffer.wrap(r.body(), headerLength, 64).slice().order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 16; i++) {
      assertThat(out.getInt()).isEqualTo(i + 100);
    }
  }

  @Test
  void grpcInferOnSimpleWithRawContents() {
    ByteBuffer a = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 16; i++) {
      a.putInt(i * 3);
      b.putInt(i);
    }
    ModelInferRequest request =
        ModelInferRequest.newBuilder()
            .setModelName("simple")
            .setId("g1")
            .putParameters("priority", InferParameter.newBuilder().setInt64Param(1).build())
            .addInputs(input("INPUT0"))
            .addInputs(input("INPUT1"))
            .addRawInputContents(ByteString.copyFrom(a.array()))
            .addRawInputContents(ByteString.copyFrom(b.array()))
            .build();
    ModelInferResponse response = grpc.modelInfer(request);
    assertThat(response.getId()).isEqualTo("g1");
    assertThat(response.getModelVersion()).isEqualTo("1");
    assertThat(response.getOutputsList())
        .extracting(ModelInferResponse.InferOutputTensor::getName)
        .containsExactly("OUTPUT0", "OUTPUT1");
    ByteBuffer diff =
        response.getRawOutputContents(1).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 16; i++) {
      assertThat(diff.getInt()).isEqualTo(2 * i);
    }
  }

  private static ModelInferRequest.InferInputTensor input(String name) {
    return ModelInferRequest.InferInputTensor.newBuilder()
        .setName(name)
        .setDatatype("INT32")
        .addShape(1)
        .addShape(16)
        .build();
  }

  @Test
  void grpcHealthAndMetadataMatchTheRepository() {
    assertThat(grpc.serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isTrue();
    var metadata = grpc.modelMetadata(ModelMetadataRequest.newBuilder().setName("simple").build());
    assertThat(metadata.getPlatform()).isEqualTo("onnxruntime_onnx");
    assertThat(metadata.getInputs(0).getShapeList()).containsExactly(-1L, 16L);
  }

  @Test
  void modelLevelBadInputGetsTheSameAnswerOnBothProtocols() throws Exception {
    HttpResponse<String> r =
        postJson(
            "/v2/models/simple/infer",
            "{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"FP32\",\"shape\":[1,16],\"data\":["
                + range(0)
                + "]},{\"name\":\"INPUT1\",\"datatype\":\"INT32\",\"shape\":[1,16],\"data\":["
                + range(0)
                + "]}]}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("INPUT0").contains("FP32").contains("INT32");

    ModelInferRequest wrongShape =
        ModelInferRequest.newBuilder()
            .setModelName("simple")
            .addInputs(
                ModelInferRequest.InferInputTensor.newBuilder()
                    .setName("INPUT0")
                    .setDatatype("INT32")
                    .addShape(1)
                    .addShape(4))
            .addInputs(input("INPUT1"))
            .addRawInputContents(ByteString.copyFrom(new byte[16]))
            .addRawInputContents(ByteString.copyFrom(new byte[64]))
            .build();
    assertThatThrownBy(() -> grpc.modelInfer(wrongShape))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).contains("INPUT0").contains("[-1, 16]");
            });
  }

  @Test
  void unknownModelIsNotFoundOnBothProtocols() throws Exception {
    HttpResponse<String> r =
        postJson(
            "/v2/models/nope/infer",
            "{\"inputs\":[{\"name\":\"X\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}]}");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).startsWith("{\"error\":");
    assertThatThrownBy(
            () -> grpc.modelInfer(ModelInferRequest.newBuilder().setModelName("nope").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void unknownRequestedOutputIsRejectedWithTheModelsOutputs() throws Exception {
    HttpResponse<String> r =
        postJson(
            "/v2/models/simple/infer",
            "{\"inputs\":["
                + "{\"name\":\"INPUT0\",\"datatype\":\"INT32\",\"shape\":[1,16],\"data\":["
                + range(0)
                + "]},{\"name\":\"INPUT1\",\"datatype\":\"INT32\",\"shape\":[1,16],\"data\":["
                + range(0)
                + "]}],\"outputs\":[{\"name\":\"OUTPUT9\"}]}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("OUTPUT9").contains("OUTPUT0, OUTPUT1");
  }

  @Test
  void mlpAndStringModelsServe() throws Exception {
    StringBuilder features = new StringBuilder();
    for (int i = 0; i < 256; i++) {
      features.append(i == 0 ? "" : ",").append("0.01");
    }
    HttpResponse<String> mlp =
        postJson(
            "/v2/models/mlp_classifier/infer",
            "{\"inputs\":[{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[1,256],\"data\":["
                + features
                + "]}]}");
    assertThat(mlp.statusCode()).isEqualTo(200);
    assertThat(mlp.body()).contains("\"name\":\"probabilities\"").contains("[1,10]");

    HttpResponse<String> strings =
        postJson(
            "/v2/models/string_identity/infer",
            "{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"BYTES\",\"shape\":[1,2],"
                + "\"data\":[\"chest x-ray\",\"no finding\"]}]}");
    assertThat(strings.statusCode()).as(strings.body()).isEqualTo(200);
    assertThat(strings.body()).contains("\"chest x-ray\"").contains("\"no finding\"");
  }

  @Test
  void metricsCountRequestsUnderTritonNames() throws Exception {
    restJsonInferOnSimpleAddsAndSubtracts();
    HttpResponse<String> m =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.metricsPort() + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(m.statusCode()).isEqualTo(200);
    assertThat(m.body())
        .containsPattern("nv_inference_request_success\\{model=\"simple\",version=\"1\"\\} [1-9]")
        .contains("nv_inference_exec_count{model=\"simple\",version=\"1\"}")
        .contains("nv_inference_queue_duration_us")
        .contains("nv_inference_compute_infer_duration_us");
  }

  @Test
  void repositoryIndexListsEveryExampleAsReady() throws Exception {
    HttpResponse<String> r = postJson("/v2/repository/index", "{}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains("\"name\":\"simple\"")
        .contains("\"name\":\"mlp_classifier\"")
        .contains("\"name\":\"identity_fp32\"")
        .contains("\"name\":\"string_identity\"")
        .doesNotContain("UNAVAILABLE");
  }
}
