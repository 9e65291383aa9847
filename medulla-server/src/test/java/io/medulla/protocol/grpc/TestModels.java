package io.medulla.protocol.grpc;

import io.medulla.inference.DataType;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.InvalidInputException;
import io.medulla.inference.Shape;
import io.medulla.inference.Tensor;
import io.medulla.inference.Tensors;
import io.medulla.repository.ModelInput;
import io.medulla.repository.ModelOutput;
import io.medulla.testing.FakeInferenceEngine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;

/** Models implemented in Java for the gRPC tests. */
final class TestModels {
  /** Futures handed out by the "hang" model, which never answers by itself. */
  final List<CompletableFuture<InferenceResponse>> hanging = new CopyOnWriteArrayList<>();

  /** Gets a permit each time the "hang" model receives a request. */
  final Semaphore hangReceived = new Semaphore(0);

  /**
   * Returns an engine with Triton's "simple" (INT32 add/sub, batching), "double" (FP32 times two,
   * any shape), "reverse" (BYTES, each element reversed) and "hang" models.
   */
  FakeInferenceEngine engine() {
    FakeInferenceEngine engine = new FakeInferenceEngine();
    engine.add(
        FakeInferenceEngine.config(
            "simple",
            8,
            List.of(input("INPUT0", DataType.INT32, 16), input("INPUT1", DataType.INT32, 16)),
            List.of(output("OUTPUT0", DataType.INT32, 16), output("OUTPUT1", DataType.INT32, 16))),
        TestModels::simple);
    engine.add(
        FakeInferenceEngine.config(
            "double",
            0,
            List.of(input("x", DataType.FP32, -1)),
            List.of(output("y", DataType.FP32, -1))),
        TestModels::doubled);
    engine.add(
        FakeInferenceEngine.config(
            "reverse",
            0,
            List.of(input("text", DataType.BYTES, -1)),
            List.of(output("reversed", DataType.BYTES, -1))),
        TestModels::reverse);
    engine.add(
        FakeInferenceEngine.config(
            "hang",
            0,
            List.of(input("x", DataType.FP32, -1)),
            List.of(output("y", DataType.FP32, -1))),
        request -> {
          CompletableFuture<InferenceResponse> f = new CompletableFuture<>();
          hanging.add(f);
          hangReceived.release();
          return f;
        });
    return engine;
  }

  private static ModelInput input(String name, DataType type, long dim) {
    return new ModelInput(name, type, Shape.of(dim), null, false);
  }

  private static ModelOutput output(String name, DataType type, long dim) {
    return new ModelOutput(name, type, Shape.of(dim), null, "");
  }

  private static CompletableFuture<InferenceResponse> simple(InferenceRequest r) {
    Tensor a = find(r, "INPUT0");
    int[] x = Tensors.toInts(a);
    int[] y = Tensors.toInts(find(r, "INPUT1"));
    int[] sum = new int[x.length];
    int[] diff = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      sum[i] = x[i] + y[i];
      diff[i] = x[i] - y[i];
    }
    List<Tensor> outputs = new ArrayList<>();
    Tensor out0 = Tensors.ofInts("OUTPUT0", a.shape(), sum);
    Tensor out1 = Tensors.ofInts("OUTPUT1", a.shape(), diff);
    if (r.outputs().isEmpty()) {
      outputs.add(out0);
      outputs.add(out1);
    } else {
      for (var o : r.outputs()) {
        outputs.add(o.name().equals("OUTPUT0") ? out0 : out1);
      }
    }
    return respond(r, outputs, Map.of("echoed_parameters", (long) r.parameters().size()));
  }

  private static CompletableFuture<InferenceResponse> doubled(InferenceRequest r) {
    Tensor x = find(r, "x");
    float[] v = Tensors.toFloats(x);
    for (int i = 0; i < v.length; i++) {
      v[i] *= 2;
    }
    return respond(r, List.of(Tensors.ofFloats("y", x.shape(), v)), Map.of());
  }

  private static CompletableFuture<InferenceResponse> reverse(InferenceRequest r) {
    Tensor t = find(r, "text");
    List<byte[]> out = new ArrayList<>();
    for (String s : Tensors.toStrings(t)) {
      out.add(new StringBuilder(s).reverse().toString().getBytes(StandardCharsets.UTF_8));
    }
    return respond(r, List.of(Tensors.ofByteStrings("reversed", t.shape(), out)), Map.of());
  }

  private static CompletableFuture<InferenceResponse> respond(
      InferenceRequest r, List<Tensor> outputs, Map<String, Object> parameters) {
    return CompletableFuture.completedFuture(
        new InferenceResponse(r.modelName(), "1", r.id(), outputs, parameters));
  }

  private static Tensor find(InferenceRequest r, String name) {
    return r.inputs().stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new InvalidInputException("missing input '" + name + "'"));
  }
}
