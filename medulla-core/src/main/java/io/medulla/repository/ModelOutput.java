package io.medulla.repository;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import org.jspecify.annotations.Nullable;

/**
 * One configured output.
 *
 * @param name the output name
 * @param dataType the element type
 * @param dims the dimensions without the batch dimension; -1 for any size
 * @param reshape the shape the model produces instead, or null
 * @param labelFilename a label file in the model folder, or empty
 */
public record ModelOutput(
    String name, DataType dataType, Shape dims, @Nullable Shape reshape, String labelFilename) {
  /** Creates an output; validates the required fields. */
  public ModelOutput {
    requireNonNull(name, "name");
    requireNonNull(dataType, "dataType");
    requireNonNull(dims, "dims");
    requireNonNull(labelFilename, "labelFilename");
  }
}
