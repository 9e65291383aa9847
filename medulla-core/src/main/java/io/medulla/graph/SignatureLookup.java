package io.medulla.graph;

import org.jspecify.annotations.Nullable;

/** Finds the signature of a model a graph step calls, for validation. */
@FunctionalInterface
public interface SignatureLookup {
  /**
   * Returns the inputs and outputs of {@code model} (at {@code version}, or its default version
   * when empty), or null when there is no such model.
   */
  @Nullable StepSignature signature(String model, String version);
}
