package io.medulla.graph;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import io.medulla.inference.TensorSpec;

/**
 * One output of a graph: its declared type and shape, and the tensor it carries.
 *
 * @param name the output name callers see
 * @param dataType the declared element type
 * @param shape the declared shape, {@code -1} for any size
 * @param from the graph input or step output it carries
 * @param optional whether it may be absent from a response (its step skipped or failed under {@link
 *     ErrorPolicy#CONTINUE}); a required output must not depend on such a step
 */
public record GraphOutput(
    String name, DataType dataType, Shape shape, TensorRef from, boolean optional) {
  /** Creates an output; validates the fields. */
  public GraphOutput {
    requireNonNull(name, "name");
    requireNonNull(dataType, "dataType");
    requireNonNull(shape, "shape");
    requireNonNull(from, "from");
  }

  /** Returns the output's type and shape as metadata shows them. */
  public TensorSpec spec() {
    return TensorSpec.of(name, dataType, shape);
  }
}
