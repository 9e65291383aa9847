package io.medulla.runtime.onnx;

import io.medulla.inference.InvalidInputException;
import io.medulla.inference.Shape;

/** Resolves configured reshapes ({@code reshape { shape: [...] }}) against concrete tensors. */
final class Reshapes {
  private Reshapes() {}

  /**
   * Returns {@code actual} with its non-batch dimensions replaced by {@code target}, where one
   * {@code -1} in {@code target} takes whatever size keeps the element count.
   *
   * @param tensorName the tensor, for messages
   * @param actual the concrete shape, including the batch dimension when {@code batched}
   * @param target the dimensions wanted, without a batch dimension
   * @param batched whether the first dimension of {@code actual} is a batch dimension to keep
   * @throws InvalidInputException if the element counts cannot match
   */
  static Shape apply(String tensorName, Shape actual, Shape target, boolean batched) {
    long total = actual.elementCount().orElseThrow();
    long batch = batched ? actual.dim(0) : 1;
    long[] dims = target.toArray();
    int unknown = -1;
    long known = 1;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] == Shape.ANY) {
        if (unknown >= 0) {
          throw cannotReshape(tensorName, actual, target);
        }
        unknown = i;
      } else {
        known = Math.multiplyExact(known, dims[i]);
      }
    }
    long perItem = batch == 0 ? 0 : total / batch;
    if (unknown >= 0) {
      if (known == 0 || perItem % known != 0) {
        throw cannotReshape(tensorName, actual, target);
      }
      dims[unknown] = perItem / known;
    } else if (known != perItem) {
      throw cannotReshape(tensorName, actual, target);
    }
    Shape reshaped = Shape.of(dims);
    return batched ? reshaped.prepend(batch) : reshaped;
  }

  private static InvalidInputException cannotReshape(String name, Shape actual, Shape target) {
    return new InvalidInputException(
        "tensor '" + name + "': cannot reshape " + actual + " to the configured " + target);
  }
}
