package io.medulla.graph;

import io.medulla.inference.Tensor;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one step of one run left for later steps: its outputs, or none when it was skipped or failed
 * under on_error continue; and its trace.
 *
 * @param outputs its outputs by name, or null when absent
 * @param outcome how it ended
 * @param startNanos the ticker reading at its start
 * @param endNanos the ticker reading at its end
 * @param queueNanos how long a model step waited in its scheduler, or -1 when unknown
 * @param computeNanos how long its batch ran, or -1 when unknown
 */
record StepResult(
    @Nullable Map<String, Tensor> outputs,
    StepOutcome outcome,
    long startNanos,
    long endNanos,
    long queueNanos,
    long computeNanos) {

  /** Returns the result of a step that did not produce outputs. */
  static StepResult absent(StepOutcome outcome, long startNanos, long endNanos) {
    return new StepResult(null, outcome, startNanos, endNanos, -1, -1);
  }

  /** Returns one output, or null when the step's outputs are absent. */
  @Nullable Tensor output(String name) {
    return outputs == null ? null : outputs.get(name);
  }
}
