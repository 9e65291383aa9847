package io.medulla.runtime;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import org.jspecify.annotations.Nullable;

/**
 * How one configured input or output meets the model: its client-facing shape (without the batch
 * dimension) and, when the model wants another shape, the shape to reshape to.
 *
 * @param name the tensor name
 * @param dataType the element type
 * @param dims the client-facing dimensions, without a batch dimension
 * @param reshape the model-facing dimensions, without a batch dimension; null when equal to dims
 * @param optional whether an input may be absent
 */
public record TensorBinding(
    String name, DataType dataType, Shape dims, @Nullable Shape reshape, boolean optional) {
  /** Creates a binding; validates the required fields. */
  public TensorBinding {
    requireNonNull(name, "name");
    requireNonNull(dataType, "dataType");
    requireNonNull(dims, "dims");
  }

  /**
   * Returns the dimensions the model sees (reshape if set, else dims), without a batch dimension.
   */
  public Shape modelDims() {
    return reshape != null ? reshape : dims;
  }
}
