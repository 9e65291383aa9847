package io.medulla.repository;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * One entry of {@code optimization.execution_accelerators}: an execution provider by name, with its
 * parameters.
 *
 * @param name the accelerator name, as in "tensorrt", "cuda" or "openvino"
 * @param parameters its parameters
 */
public record ExecutionAccelerator(String name, Map<String, String> parameters) {
  /** Creates an entry; copies the parameters. */
  public ExecutionAccelerator {
    requireNonNull(name, "name");
    parameters = Map.copyOf(parameters);
  }
}
