package io.medulla.simulation;

import io.medulla.inference.Shape;
import io.medulla.inference.Tensor;
import io.medulla.inference.TensorSpec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Zero-filled tensors that stand in for data: the scheduler and graphs check names, types and
 * shapes, and batch and split along the first dimension, but the simulator computes nothing. Every
 * dimension of any size ({@code -1}) is 1; {@code BYTES} elements are empty strings.
 *
 * <p>Graph conditions ({@code when}) therefore see zeros: a step guarded by a test that zeros fail
 * is skipped in simulation.
 */
final class Placeholders {
  private Placeholders() {}

  /** Returns one sample of each spec, in order. */
  static List<Tensor> of(List<TensorSpec> specs) {
    List<Tensor> out = new ArrayList<>(specs.size());
    for (TensorSpec s : specs) {
      out.add(of(s, -1));
    }
    return List.copyOf(out);
  }

  /**
   * Returns a tensor of {@code spec}; its first dimension is {@code batchSize} when that is
   * positive.
   */
  static Tensor of(TensorSpec spec, long batchSize) {
    long[] dims = spec.shape().toArray();
    long elements = 1;
    for (int i = 0; i < dims.length; i++) {
      if (i == 0 && batchSize > 0) {
        dims[i] = batchSize;
      } else if (dims[i] < 0) {
        dims[i] = 1;
      }
      elements *= dims[i];
    }
    long bytes =
        spec.dataType().isFixedSize() ? elements * spec.dataType().byteSize() : 4 * elements;
    return Tensor.of(
        spec.name(), spec.dataType(), Shape.of(dims), ByteBuffer.allocate(Math.toIntExact(bytes)));
  }
}
