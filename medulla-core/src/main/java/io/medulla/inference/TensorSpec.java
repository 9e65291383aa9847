package io.medulla.inference;

import static java.util.Objects.requireNonNull;

/**
 * Describes a model input or output as clients see it in model metadata: name, type and shape,
 * where {@link Shape#ANY} marks a dimension of any size (including the batch dimension).
 *
 * @param name the tensor name
 * @param dataType the element type
 * @param shape the shape, {@code -1} for any size
 * @param optional whether an input may be left out of a request
 */
public record TensorSpec(String name, DataType dataType, Shape shape, boolean optional) {
  /** Creates a spec; validates that name, type and shape are present. */
  public TensorSpec {
    requireNonNull(name, "name");
    requireNonNull(dataType, "dataType");
    requireNonNull(shape, "shape");
  }

  /** Returns a required tensor spec. */
  public static TensorSpec of(String name, DataType dataType, Shape shape) {
    return new TensorSpec(name, dataType, shape, false);
  }
}
