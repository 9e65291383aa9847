package io.medulla.repository;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import org.jspecify.annotations.Nullable;

/**
 * One configured input.
 *
 * @param name the input name
 * @param dataType the element type
 * @param dims the dimensions without the batch dimension; -1 for any size
 * @param reshape the shape the model receives instead, or null
 * @param optional whether requests may leave the input out
 */
public record ModelInput(
    String name, DataType dataType, Shape dims, @Nullable Shape reshape, boolean optional) {
  /** Creates an input; validates the required fields. */
  public ModelInput {
    requireNonNull(name, "name");
    requireNonNull(dataType, "dataType");
    requireNonNull(dims, "dims");
  }
}
