package io.medulla.engine;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.TensorSpec;
import java.util.List;

/**
 * A model's metadata as the protocol reports it: shapes include the batch dimension ({@code -1})
 * when the model batches.
 *
 * @param name the model name
 * @param versions the versions served
 * @param platform the platform, as in "onnxruntime_onnx"
 * @param inputs the inputs
 * @param outputs the outputs
 * @param sha256 the SHA-256 of the version's model file (Medulla's provenance extension)
 */
public record ModelMetadata(
    String name,
    List<String> versions,
    String platform,
    List<TensorSpec> inputs,
    List<TensorSpec> outputs,
    String sha256) {
  /** Creates metadata; copies the lists. */
  public ModelMetadata {
    requireNonNull(name, "name");
    versions = List.copyOf(versions);
    requireNonNull(platform, "platform");
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    requireNonNull(sha256, "sha256");
  }
}
