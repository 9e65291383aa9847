package io.medulla.graph;

import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.Inferencer;
import io.medulla.inference.Shape;
import io.medulla.inference.Tensor;
import io.medulla.inference.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A step {@link Inferencer} that records every request and leaves it pending until the test
 * completes it, so that the test decides the order in which steps finish.
 */
final class ScriptedSteps implements Inferencer {
  final List<InferenceRequest> requests = new CopyOnWriteArrayList<>();
  private final Map<String, CompletableFuture<InferenceResponse>> pending =
      new ConcurrentHashMap<>();
  private final Map<String, InferenceRequest> byModel = new ConcurrentHashMap<>();

  @Override
  public CompletableFuture<InferenceResponse> infer(InferenceRequest request) {
    requests.add(request);
    CompletableFuture<InferenceResponse> f = new CompletableFuture<>();
    pending.put(request.modelName(), f);
    byModel.put(request.modelName(), request);
    return f;
  }

  /** Returns the models called so far, in order. */
  List<String> called() {
    return requests.stream().map(InferenceRequest::modelName).toList();
  }

  /** Returns the pending call of a model. */
  CompletableFuture<InferenceResponse> call(String model) {
    CompletableFuture<InferenceResponse> f = pending.get(model);
    if (f == null) {
      throw new AssertionError("model '" + model + "' was not called; called: " + called());
    }
    return f;
  }

  /** Returns the request a model received. */
  InferenceRequest request(String model) {
    call(model);
    return byModel.get(model);
  }

  /** Answers a model's call with FP32 outputs of shape [1, n] for each requested output. */
  void answer(String model, Map<String, float[]> outputs, Map<String, Object> parameters) {
    List<Tensor> out = new ArrayList<>();
    for (var requested : request(model).outputs()) {
      float[] v = outputs.get(requested.name());
      out.add(Tensors.ofFloats(requested.name(), Shape.of(1, v.length), v));
    }
    call(model).complete(new InferenceResponse(model, "1", "id-7", out, parameters));
  }

  void answer(String model, Map<String, float[]> outputs) {
    answer(model, outputs, Map.of());
  }
}
