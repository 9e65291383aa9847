package io.medulla.protocol.rest;

import com.linecorp.armeria.server.Server;
import io.medulla.inference.DataType;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.InvalidInputException;
import io.medulla.inference.RequestId;
import io.medulla.inference.RequestedOutput;
import io.medulla.inference.Shape;
import io.medulla.inference.Tensor;
import io.medulla.inference.Tensors;
import io.medulla.protocol.TestAuthentication;
import io.medulla.repository.ModelInput;
import io.medulla.repository.ModelOutput;
import io.medulla.testing.FakeInferenceEngine;
import io.medulla.time.ManualTicker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A REST server on an ephemeral port over a {@link FakeInferenceEngine} with three models: {@code
 * simple} (INT32 add/sub, as Triton's example), {@code echo} (FP32, returns every input as an
 * output named {@code OUT_<input>}) and {@code text} (BYTES, echoes likewise).
 */
final class RestTestServer implements AutoCloseable {
  final FakeInferenceEngine engine = new FakeInferenceEngine();
  final ManualTicker ticker = new ManualTicker();
  private final Server server;
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  RestTestServer(RestLimits limits) {
    engine.add(
        FakeInferenceEngine.config(
            "simple",
            8,
            List.of(input("INPUT0", DataType.INT32), input("INPUT1", DataType.INT32)),
            List.of(output("OUTPUT0", DataType.INT32), output("OUTPUT1", DataType.INT32))),
        RestTestServer::addSub);
    engine.add(
        FakeInferenceEngine.config(
            "echo", 0, List.of(input("X", DataType.FP32)), List.of(output("OUT_X", DataType.FP32))),
        RestTestServer::echo);
    engine.add(
        FakeInferenceEngine.config(
            "text",
            0,
            List.of(input("TEXT", DataType.BYTES)),
            List.of(output("OUT_TEXT", DataType.BYTES))),
        RestTestServer::echo);
    AtomicLong ids = new AtomicLong();
    RestService rest =
        new RestService(
            engine, ticker, limits, () -> new RequestId("req-" + ids.incrementAndGet()));
    var sb = Server.builder().http(0).decorator(TestAuthentication.decorator());
    rest.registerOn(sb);
    server = sb.build();
    server.start().join();
  }

  RestTestServer() {
    this(RestLimits.defaults());
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.activeLocalPort() + path);
  }

  HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  HttpResponse<byte[]> post(String path, String json) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
    return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Returns the last request the engine received. */
  InferenceRequest lastReceived() {
    List<InferenceRequest> received = engine.received();
    return received.get(received.size() - 1);
  }

  @Override
  public void close() {
    server.stop().join();
  }

  private static ModelInput input(String name, DataType type) {
    return new ModelInput(name, type, Shape.of(16), null, false);
  }

  private static ModelOutput output(String name, DataType type) {
    return new ModelOutput(name, type, Shape.of(16), null, "");
  }

  private static CompletableFuture<InferenceResponse> addSub(InferenceRequest request) {
    int[] a = Tensors.toInts(request.inputs().get(0));
    int[] b = Tensors.toInts(request.inputs().get(1));
    int[] sum = new int[a.length];
    int[] diff = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      sum[i] = a[i] + b[i];
      diff[i] = a[i] - b[i];
    }
    Shape shape = request.inputs().get(0).shape();
    List<Tensor> all =
        List.of(Tensors.ofInts("OUTPUT0", shape, sum), Tensors.ofInts("OUTPUT1", shape, diff));
    return respond(request, all);
  }

  private static CompletableFuture<InferenceResponse> echo(InferenceRequest request) {
    List<Tensor> all = new ArrayList<>();
    for (Tensor t : request.inputs()) {
      all.add(t.withName("OUT_" + t.name()));
    }
    return respond(request, all);
  }

  /** Keeps the requested outputs, as the engine does, and fails on unknown ones as it does. */
  private static CompletableFuture<InferenceResponse> respond(
      InferenceRequest request, List<Tensor> all) {
    List<Tensor> out = new ArrayList<>();
    if (request.outputs().isEmpty()) {
      out.addAll(all);
    }
    for (RequestedOutput o : request.outputs()) {
      Tensor match = all.stream().filter(t -> t.name().equals(o.name())).findFirst().orElse(null);
      if (match == null) {
        return CompletableFuture.failedFuture(
            new InvalidInputException(
                "unknown output '" + o.name() + "' for model '" + request.modelName() + "'"));
      }
      out.add(match);
    }
    return CompletableFuture.completedFuture(
        new InferenceResponse(request.modelName(), "1", request.id(), out, Map.of()));
  }
}
