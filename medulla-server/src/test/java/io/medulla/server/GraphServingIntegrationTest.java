package io.medulla.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.medulla.protocol.grpc.proto.GRPCInferenceServiceGrpc;
import io.medulla.protocol.grpc.proto.ModelInferRequest;
import io.medulla.protocol.grpc.proto.ModelInferResponse;
import io.medulla.protocol.grpc.proto.ModelMetadataRequest;
import io.medulla.protocol.grpc.proto.ModelReadyRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Serves the example repository's clinical triage graph and Triton ensemble over REST and gRPC,
 * addressed like models.
 */
class GraphServingIntegrationTest {
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

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String values(int n, IntToDoubleFunction f) {
    StringJoiner j = new StringJoiner(",", "[", "]");
    for (int i = 0; i < n; i++) {
      j.add(Double.toString(f.applyAsDouble(i)));
    }
    return j.toString();
  }

  /** An image of all ones makes the classifier find class 3; alternating -1, 1 finds nothing. */
  private static String triage(boolean finding, String parameters) {
    String image = finding ? values(64, i -> 1) : values(64, i -> i % 2 == 0 ? -1 : 1);
    return "{\"id\":\"t1\",\"parameters\":{"
        + parameters
        + "},\"inputs\":["
        + "{\"name\":\"image\",\"datatype\":\"FP32\",\"shape\":[1,64],\"data\":"
        + image
        + "},"
        + "{\"name\":\"note\",\"datatype\":\"FP32\",\"shape\":[1,32],\"data\":"
        + values(32, i -> 0.1)
        + "}]}";
  }

  @Test
  void restRunsTheTriageGraphWithItsDetailStepWhenThereIsAFinding() throws Exception {
    HttpResponse<String> r = post("/v2/models/clinical_triage/infer", triage(true, ""));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains("\"model_name\":\"clinical_triage\"")
        .contains("\"id\":\"t1\"")
        .contains("\"name\":\"finding\",\"datatype\":\"INT64\",\"shape\":[1],\"data\":[3]")
        .contains("\"name\":\"severity\"")
        .contains("\"name\":\"urgency_probabilities\"")
        .contains("\"name\":\"urgency\"")
        .contains("model_sha256");
  }

  @Test
  void restSkipsTheDetailStepWithoutAFindingAndTracesEachStep() throws Exception {
    HttpResponse<String> r =
        post("/v2/models/clinical_triage/infer", triage(false, "\"graph_trace\":true"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains("\"data\":[0]")
        .doesNotContain("\"name\":\"severity\"")
        .contains("\"graph_trace.detail.status\":\"skipped\"")
        .contains("\"graph_trace.classify.status\":\"ran\"")
        .contains("\"graph_trace.classify.queue_us\":")
        .contains("\"graph_trace.fuse.compute_us\":");
  }

  @Test
  void graphWhoseDeadlineHasPassedAnswers504() throws Exception {
    HttpResponse<String> r =
        post("/v2/models/clinical_triage/infer", triage(true, "\"timeout\":1"));

    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(r.body()).contains("graph 'clinical_triage'");
  }

  @Test
  void grpcRunsTheTritonEnsemble() {
    ByteBuffer image = ByteBuffer.allocate(64 * 4).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer note = ByteBuffer.allocate(32 * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 64; i++) {
      image.putFloat(1f);
    }
    ModelInferRequest request =
        ModelInferRequest.newBuilder()
            .setModelName("triage_ensemble")
            .addInputs(tensor("IMAGE", 64))
            .addInputs(tensor("NOTE", 32))
            .addRawInputContents(ByteString.copyFrom(image.array()))
            .addRawInputContents(ByteString.copyFrom(note.array()))
            .build();

    ModelInferResponse response = grpc.modelInfer(request);

    assertThat(response.getModelName()).isEqualTo("triage_ensemble");
    assertThat(response.getOutputs(0).getName()).isEqualTo("URGENCY");
    ByteBuffer urgency =
        response.getRawOutputContents(0).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    float sum = urgency.getFloat() + urgency.getFloat() + urgency.getFloat();
    assertThat(sum).isBetween(0.999f, 1.001f);
  }

  private static ModelInferRequest.InferInputTensor tensor(String name, int width) {
    return ModelInferRequest.InferInputTensor.newBuilder()
        .setName(name)
        .setDatatype("FP32")
        .addShape(1)
        .addShape(width)
        .build();
  }

  @Test
  void grpcMetadataAndReadinessCoverGraphs() {
    var metadata =
        grpc.modelMetadata(ModelMetadataRequest.newBuilder().setName("clinical_triage").build());
    assertThat(metadata.getPlatform()).isEqualTo("medulla_graph");
    assertThat(metadata.getInputs(0).getShapeList()).containsExactly(-1L, 64L);
    assertThat(
            grpc.modelReady(ModelReadyRequest.newBuilder().setName("triage_ensemble").build())
                .getReady())
        .isTrue();
  }

  @Test
  void restIndexMetadataAndResourceViewCoverGraphs() throws Exception {
    HttpResponse<String> index = post("/v2/repository/index", "{}");
    assertThat(index.body())
        .contains("{\"name\":\"clinical_triage\",\"version\":\"1\",\"state\":\"READY\"")
        .contains("{\"name\":\"triage_ensemble\",\"version\":\"1\",\"state\":\"READY\"");
    assertThat(get(server.httpPort(), "/v2/models/triage_ensemble").body())
        .contains("\"platform\":\"ensemble\"");
    assertThat(get(server.httpPort(), "/v2/models/clinical_triage/ready").statusCode())
        .isEqualTo(200);
    assertThat(get(server.httpPort(), "/v2/models/clinical_triage/config").body())
        .contains("\"platform\":\"medulla_graph\"");

    HttpResponse<String> resources = get(server.httpPort(), "/v2/graphs/clinical_triage/resources");
    assertThat(resources.statusCode()).isEqualTo(200);
    assertThat(resources.body())
        .contains("\"graph\":\"clinical_triage\"")
        .contains("\"model\":\"finding_detail\"")
        .contains("\"calls_per_invocation\":")
        .contains("\"critical_path\":{\"steps\":[\"classify\",");
    assertThat(get(server.httpPort(), "/v2/graphs/simple/resources").statusCode()).isEqualTo(404);
  }

  @Test
  void metricsCountGraphsAndSteps() throws Exception {
    post("/v2/models/clinical_triage/infer", triage(false, ""));

    String metrics = get(server.metricsPort(), "/metrics").body();
    assertThat(metrics)
        .contains("medulla_graph_requests_total{graph=\"clinical_triage\",status=\"success\"}")
        .contains(
            "medulla_graph_steps_total{graph=\"clinical_triage\",step=\"detail\",outcome=\"skipped\"}");
  }
}
