package io.medulla.runtime;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.ModelId;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything a backend needs to load one model version: the file and the completed configuration,
 * reduced to what execution needs.
 *
 * @param id the model version
 * @param modelFile the model file to load
 * @param maxBatchSize the largest batch; 0 means the model has no batch dimension
 * @param inputs the configured inputs
 * @param outputs the configured outputs
 * @param instanceCount how many instances (sessions) to create
 * @param executionProviders providers to use, in order; empty means the backend's default
 * @param parameters the model's configuration parameters (backend-specific keys)
 */
public record ModelSpec(
    ModelId id,
    Path modelFile,
    int maxBatchSize,
    List<TensorBinding> inputs,
    List<TensorBinding> outputs,
    int instanceCount,
    List<ExecutionProvider> executionProviders,
    Map<String, String> parameters) {
  /** Creates a spec; validates counts and copies the collections. */
  public ModelSpec {
    requireNonNull(id, "id");
    requireNonNull(modelFile, "modelFile");
    if (maxBatchSize < 0) {
      throw new IllegalArgumentException("maxBatchSize: " + maxBatchSize + " (expected: >= 0)");
    }
    if (instanceCount < 1) {
      throw new IllegalArgumentException("instanceCount: " + instanceCount + " (expected: >= 1)");
    }
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    executionProviders = List.copyOf(executionProviders);
    parameters = Map.copyOf(parameters);
  }
}
