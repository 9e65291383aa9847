package io.medulla.runtime;

import io.medulla.inference.TensorSpec;
import java.util.List;

/**
 * The inputs and outputs a model file declares, with full shapes as the file has them (a leading
 * {@code -1} marks a dynamic, possibly batch, dimension).
 *
 * @param inputs the declared inputs, in file order
 * @param outputs the declared outputs, in file order
 */
public record ModelSignature(List<TensorSpec> inputs, List<TensorSpec> outputs) {
  /** Creates a signature; copies the lists. */
  public ModelSignature {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }
}
