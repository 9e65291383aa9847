package io.medulla.runtime;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * One execution provider to try, in order, when creating a model instance (for ONNX Runtime: "cpu",
 * "cuda", "tensorrt", ...), with its options.
 *
 * @param name the provider name, lower case
 * @param options provider options, passed to the runtime as given
 */
public record ExecutionProvider(String name, Map<String, String> options) {
  /** Creates a provider entry; copies the options. */
  public ExecutionProvider {
    requireNonNull(name, "name");
    options = Map.copyOf(options);
  }
}
