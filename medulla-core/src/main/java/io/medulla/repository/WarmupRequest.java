package io.medulla.repository;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.Tensor;
import java.util.List;

/**
 * One warm-up sample, ready to execute: the request tensors (with the batch dimension when the
 * model batches) and how often each instance runs it.
 *
 * @param name the sample's name, for messages
 * @param inputs the request tensors, in the configured input order
 * @param count how many times each instance executes it; at least 1
 */
record WarmupRequest(String name, List<Tensor> inputs, int count) {
  WarmupRequest {
    requireNonNull(name, "name");
    inputs = List.copyOf(inputs);
    if (count < 1) {
      throw new IllegalArgumentException("count: " + count + " (expected: >= 1)");
    }
  }
}
