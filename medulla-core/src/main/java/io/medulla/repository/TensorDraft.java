package io.medulla.repository;

import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import org.jspecify.annotations.Nullable;

/**
 * An input or output as {@code config.pbtxt} wrote it, before completion from the model file:
 * {@code dataType} and {@code dims} may be missing.
 *
 * @param name the tensor name
 * @param dataType the element type, or null when the config leaves it out
 * @param dims the dimensions without the batch dimension, or null when left out
 * @param reshape the model-facing shape, or null
 * @param optional whether an input may be left out of requests
 * @param labelFilename an output's label file, or empty
 * @param location {@code file:line:column} of the entry (just the file for an entry the config
 *     leaves out), for errors
 * @param path the entry's path, as in {@code input[1]}
 */
record TensorDraft(
    String name,
    @Nullable DataType dataType,
    @Nullable Shape dims,
    @Nullable Shape reshape,
    boolean optional,
    String labelFilename,
    String location,
    String path) {

  /** Returns a draft for a tensor the config does not mention. */
  static TensorDraft absent(String source, String name, String path) {
    return new TensorDraft(name, null, null, null, false, "", source, path);
  }

  /** Returns the prefix of an error message about this entry. */
  String where() {
    return location.isEmpty()
        ? path + " '" + name + "'"
        : location + ": " + path + " '" + name + "'";
  }
}
