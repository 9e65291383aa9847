package io.medulla.testing;

import io.medulla.engine.InferenceEngine;
import io.medulla.engine.ModelMetadata;
import io.medulla.engine.ModelStatistics;
import io.medulla.engine.ServerMetadata;
import io.medulla.inference.InferenceException;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.Inferencer;
import io.medulla.inference.ModelNotFoundException;
import io.medulla.inference.StatusCode;
import io.medulla.inference.TensorSpec;
import io.medulla.repository.ModelConfig;
import io.medulla.repository.ModelInput;
import io.medulla.repository.ModelOutput;
import io.medulla.repository.ModelState;
import io.medulla.repository.ModelVersionStatus;
import io.medulla.repository.VersionPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * An {@link InferenceEngine} for protocol tests: models are configurations plus an {@link
 * Inferencer} that computes the answer in-process. Records every request it receives.
 */
public final class FakeInferenceEngine implements InferenceEngine {
  private final Map<String, Entry> models = new ConcurrentHashMap<>();
  private final List<InferenceRequest> received = new CopyOnWriteArrayList<>();
  private final List<String> loads = new CopyOnWriteArrayList<>();
  private final List<String> unloads = new CopyOnWriteArrayList<>();
  private volatile boolean ready = true;

  private record Entry(ModelConfig config, Inferencer inferencer) {}

  /** Adds a model, version 1, answered by {@code inferencer}. */
  public FakeInferenceEngine add(ModelConfig config, Inferencer inferencer) {
    models.put(config.name(), new Entry(config, inferencer));
    return this;
  }

  /** Returns a minimal configuration for tests. */
  public static ModelConfig config(
      String name, int maxBatchSize, List<ModelInput> inputs, List<ModelOutput> outputs) {
    return new ModelConfig(
        name,
        "onnxruntime_onnx",
        "onnxruntime",
        maxBatchSize,
        inputs,
        outputs,
        VersionPolicy.latestOne(),
        List.of(),
        null,
        List.of(),
        Map.of(),
        List.of(),
        List.of(),
        "model.onnx");
  }

  /** Sets what {@link #isReady()} answers. */
  public void setReady(boolean isReady) {
    this.ready = isReady;
  }

  /** Returns the requests received so far, in order. */
  public List<InferenceRequest> received() {
    return List.copyOf(received);
  }

  /** Returns the model names passed to {@link #loadModel}. */
  public List<String> loads() {
    return List.copyOf(loads);
  }

  /** Returns the model names passed to {@link #unloadModel}. */
  public List<String> unloads() {
    return List.copyOf(unloads);
  }

  @Override
  public CompletableFuture<InferenceResponse> infer(InferenceRequest request) {
    received.add(request);
    try {
      return entry(request.modelName(), request.modelVersion()).inferencer().infer(request);
    } catch (InferenceException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public boolean isLive() {
    return true;
  }

  @Override
  public boolean isReady() {
    return ready;
  }

  @Override
  public ServerMetadata serverMetadata() {
    return new ServerMetadata("medulla", "test", List.of("binary_tensor_data", "statistics"));
  }

  @Override
  public ModelMetadata modelMetadata(String model, String version) {
    ModelConfig c = entry(model, version).config();
    List<TensorSpec> in = new ArrayList<>();
    for (ModelInput i : c.inputs()) {
      in.add(
          new TensorSpec(
              i.name(),
              i.dataType(),
              c.maxBatchSize() > 0 ? i.dims().prepend(-1) : i.dims(),
              i.optional()));
    }
    List<TensorSpec> out = new ArrayList<>();
    for (ModelOutput o : c.outputs()) {
      out.add(
          TensorSpec.of(
              o.name(), o.dataType(), c.maxBatchSize() > 0 ? o.dims().prepend(-1) : o.dims()));
    }
    return new ModelMetadata(model, List.of("1"), c.platform(), in, out, "0".repeat(64));
  }

  @Override
  public boolean isModelReady(String model, String version) {
    return models.containsKey(model) && (version.isEmpty() || version.equals("1"));
  }

  @Override
  public ModelConfig modelConfig(String model, String version) {
    return entry(model, version).config();
  }

  @Override
  public List<ModelStatistics> statistics(String model, String version) {
    List<ModelStatistics> out = new ArrayList<>();
    ModelStatistics.Duration zero = new ModelStatistics.Duration(0, 0);
    for (String name : models.keySet()) {
      if (model.isEmpty() || model.equals(name)) {
        out.add(new ModelStatistics(name, "1", 0, 0, 0, zero, zero, zero, zero, zero, zero));
      }
    }
    if (!model.isEmpty() && out.isEmpty()) {
      throw new ModelNotFoundException(model, "");
    }
    return out;
  }

  @Override
  public List<ModelVersionStatus> repositoryIndex(boolean readyOnly) {
    return models.keySet().stream()
        .sorted()
        .map(n -> new ModelVersionStatus(n, "1", ModelState.READY, ""))
        .toList();
  }

  @Override
  public void loadModel(String model) {
    if (!models.containsKey(model)) {
      throw new InferenceException(StatusCode.NOT_FOUND, "unknown model '" + model + "'");
    }
    loads.add(model);
  }

  @Override
  public void unloadModel(String model) {
    unloads.add(model);
  }

  private Entry entry(String model, @Nullable String version) {
    Entry e = models.get(model);
    if (e == null) {
      throw new ModelNotFoundException(model, "");
    }
    if (version != null && !version.isEmpty() && !version.equals("1")) {
      throw new ModelNotFoundException(model, version);
    }
    return e;
  }
}
