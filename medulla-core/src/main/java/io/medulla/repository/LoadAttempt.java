package io.medulla.repository;

import io.medulla.inference.InferenceException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one load attempt of a model found: the problems, and the load gate's refusal when it refused
 * a version. Confined to the thread holding the model's lock.
 */
final class LoadAttempt {
  private final List<String> problems = new ArrayList<>();
  private @Nullable InferenceException refusal;

  LoadAttempt problem(String problem) {
    problems.add(problem);
    return this;
  }

  /** Records the gate's refusal of a version; the first one is kept to rethrow. */
  void refused(String reason, InferenceException e) {
    problems.add(reason);
    if (refusal == null) {
      refusal = e;
    }
  }

  List<String> problems() {
    return problems;
  }

  @Nullable InferenceException refusal() {
    return refusal;
  }
}
