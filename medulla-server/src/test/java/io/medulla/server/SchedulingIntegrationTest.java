package io.medulla.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.medulla.protocol.grpc.proto.GRPCInferenceServiceGrpc;
import io.medulla.protocol.grpc.proto.ModelInferRequest;
import io.medulla.protocol.grpc.proto.ModelInferResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clinical scheduler through the real server and ONNX Runtime: batching, deadlines, queue
 * limits with Retry-After, and an urgent request completing a batch. Batches wait (up to a minute)
 * for their preferred size, so every outcome follows from arrivals, not from timing.
 */
@Timeout(60)
class SchedulingIntegrationTest {
  private static final Path SIMPLE =
      Path.of("..", "examples", "models", "simple", "1", "model.onnx");
  private static final String IO =
      """
      max_batch_size: 8
      input [ { name: "INPUT0" data_type: TYPE_INT32 dims: [ 16 ] },
              { name: "INPUT1" data_type: TYPE_INT32 dims: [ 16 ] } ]
      output [ { name: "OUTPUT0" data_type: TYPE_INT32 dims: [ 16 ] },
               { name: "OUTPUT1" data_type: TYPE_INT32 dims: [ 16 ] } ]
      """;

  @TempDir static Path repo;
  private static MedullaServer server;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws IOException {
    model(
        "batched",
        "dynamic_batching { preferred_batch_size: [ 4 ] max_queue_delay_microseconds: 60000000 }");
    model(
        "limited",
        "dynamic_batching { preferred_batch_size: [ 3 ] max_queue_delay_microseconds: 60000000"
            + " default_queue_policy { max_queue_size: 2 } }");
    model(
        "waiting",
        "dynamic_batching { preferred_batch_size: [ 8 ] max_queue_delay_microseconds: 60000000 }");
    server = MedullaServer.start(LocalTrial.config(repo));
  }

  private static void model(String name, String batching) throws IOException {
    Path dir = Files.createDirectories(repo.resolve(name).resolve("1"));
    Files.copy(SIMPLE, dir.resolve("model.onnx"));
    Files.writeString(
        repo.resolve(name).resolve("config.pbtxt"), "name: \"" + name + "\"\n" + IO + batching);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String body(int base, String parameters) {
    StringBuilder a = new StringBuilder();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      a.append(i == 0 ? "" : ",").append(base + i);
      b.append(i == 0 ? "" : ",").append(1);
    }
    return "{\"parameters\":{"
        + parameters
        + "},\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"INT32\",\"shape\":[1,16],\"data\":["
        + a
        + "]},{\"name\":\"INPUT1\",\"datatype\":\"INT32\",\"shape\":[1,16],\"data\":["
        + b
        + "]}],\"outputs\":[{\"name\":\"OUTPUT0\"}]}";
  }

  private static CompletableFuture<HttpResponse<String>> infer(String model, String body) {
    return http.sendAsync(
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:" + server.httpPort() + "/v2/models/" + model + "/infer"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String metrics() throws Exception {
    return http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.metricsPort() + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** Polls the metrics until {@code pattern} appears: a condition, not a sleep. */
  private static void awaitMetric(String pattern) throws Exception {
    Pattern p = Pattern.compile(pattern);
    for (int i = 0; i < 5_000; i++) {
      if (p.matcher(metrics()).find()) {
        return;
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("metric never matched: " + pattern + "\n" + metrics());
  }

  private static String expectedRow(int base) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < 16; i++) {
      s.append(i == 0 ? "" : ",").append(base + i + 1);
    }
    return s.append("]").toString();
  }

  @Test
  void concurrentRequestsRunAsOneBatchAndEachGetsItsOwnRows() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
    for (int r = 0; r < 4; r++) {
      sent.add(infer("batched", body(100 * r, "")));
    }
    for (int r = 0; r < 4; r++) {
      HttpResponse<String> response = sent.get(r).get();
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(response.body()).contains(expectedRow(100 * r));
    }
    String m = metrics();
    assertThat(m)
        .contains("nv_inference_exec_count{model=\"batched\",version=\"1\"} 1\n")
        .contains("nv_inference_count{model=\"batched\",version=\"1\"} 4\n")
        .contains("medulla_batch_size_bucket{model=\"batched\",version=\"1\",le=\"4\"} 1\n")
        .contains("medulla_batches_total{model=\"batched\",version=\"1\",shared=\"false\"} 1\n");
  }

  @Test
  void cancelledGrpcCallIsRemovedFromTheQueueAndNeverComputed() throws Exception {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
    try {
      ByteBuffer raw = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
      ModelInferRequest.InferInputTensor.Builder input =
          ModelInferRequest.InferInputTensor.newBuilder()
              .setDatatype("INT32")
              .addShape(1)
              .addShape(16);
      ModelInferRequest request =
          ModelInferRequest.newBuilder()
              .setModelName("waiting")
              .addInputs(input.setName("INPUT0").build())
              .addInputs(input.setName("INPUT1").build())
              .addRawInputContents(ByteString.copyFrom(raw.array()))
              .addRawInputContents(ByteString.copyFrom(raw.array()))
              .build();
      ListenableFuture<ModelInferResponse> call =
          GRPCInferenceServiceGrpc.newFutureStub(channel).modelInfer(request);
      awaitMetric("medulla_queue_size\\{model=\"waiting\",[^}]*\\} 1");
      call.cancel(true);
      awaitMetric(
          "medulla_requests_rejected_total\\{model=\"waiting\",[^}]*reason=\"cancelled\"\\} 1");
      awaitMetric("medulla_queue_size\\{model=\"waiting\",[^}]*\\} 0");
      // The cancelled request counts as a failed request, never as an execution.
      assertThat(metrics())
          .doesNotContainPattern("nv_inference_exec_count\\{model=\"waiting\",[^}]*\\} [1-9]");
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void requestWhoseDeadlinePassedIsAnswered504AndNeverComputed() throws Exception {
    HttpResponse<String> r = infer("batched", body(0, "\"timeout\":1")).get();
    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(r.body()).contains("deadline");
  }

  @Test
  void fullQueueRefusesWith429AndRetryAfterWhileUrgentWorkCompletesTheBatch() throws Exception {
    CompletableFuture<HttpResponse<String>> first = infer("limited", body(0, "\"priority\":3"));
    CompletableFuture<HttpResponse<String>> second = infer("limited", body(10, "\"priority\":3"));
    awaitMetric("medulla_queue_size\\{model=\"limited\",version=\"1\",priority=\"3\",[^}]*\\} 2");

    HttpResponse<String> refused = infer("limited", body(20, "\"priority\":3")).get();
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(refused.body()).contains("queue");

    // A STAT request has its own queue; its batch is topped up with the same tenant's routine
    // requests, reaching the preferred size of 3.
    HttpResponse<String> stat = infer("limited", body(30, "\"priority\":1")).get();
    assertThat(stat.statusCode()).as(stat.body()).isEqualTo(200);
    assertThat(first.get().statusCode()).isEqualTo(200);
    assertThat(second.get().body()).contains(expectedRow(10));
    assertThat(metrics())
        .containsPattern(
            "medulla_requests_rejected_total\\{model=\"limited\",version=\"1\",priority=\"3\","
                + "tenant=\"default\",reason=\"queue_full\"\\} 1");
  }
}
