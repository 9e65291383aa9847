package io.medulla.runtime;

import io.medulla.inference.ModelId;

/**
 * A loaded model version: a fixed set of instances that each execute one batch at a time.
 *
 * <p>Ownership: the repository that loaded it closes it, after every scheduler using it has
 * drained.
 */
public interface LoadedModel extends AutoCloseable {
  /** Returns the model version. */
  ModelId id();

  /** Returns the number of instances; at least 1. */
  int instanceCount();

  /** Returns instance {@code index}, {@code 0 <= index < instanceCount()}. */
  ModelInstance instance(int index);

  /** Returns the estimated memory the model holds, in bytes; 0 when unknown. */
  long memoryBytes();

  /** Releases the instances. Idempotent. No instance may be executing. */
  @Override
  void close();
}
