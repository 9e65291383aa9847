package io.medulla.graph;

import io.medulla.inference.TensorSpec;
import java.util.List;

/**
 * The inputs and outputs of a model as a graph step sees them: shapes include the batch dimension
 * ({@code -1}) when the model batches, as in model metadata.
 *
 * @param inputs the inputs; {@link TensorSpec#optional()} marks those a request may leave out
 * @param outputs the outputs
 */
public record StepSignature(List<TensorSpec> inputs, List<TensorSpec> outputs) {
  /** Creates a signature; copies the lists. */
  public StepSignature {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }
}
