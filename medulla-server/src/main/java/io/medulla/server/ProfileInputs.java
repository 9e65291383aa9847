package io.medulla.server;

import io.medulla.inference.Shape;
import io.medulla.inference.Tensor;
import io.medulla.repository.ModelConfig;
import io.medulla.repository.ModelInput;
import io.medulla.repository.WarmupData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the input tensors of one batch for profiling: every required input of the configuration
 * (optional inputs left out, as a default warm-up does), a dynamic dimension taken as 1, the batch
 * dimension prepended when the model batches, filled with deterministic pseudo-random values.
 *
 * <p>Random rather than zero values, so that no kernel takes a shortcut real data would not: the
 * warm-up's generator ({@link WarmupData#random}), floating-point elements in [0, 1), integers in
 * [0, 64), booleans 0 or 1, BYTES inputs empty strings.
 *
 * <p>Thread safety: stateless; every call returns new tensors over new buffers.
 */
final class ProfileInputs {
  private ProfileInputs() {}

  /**
   * Returns the inputs of one batch of {@code batchSize} items (without a batch dimension when the
   * model has none), in the configuration's order.
   *
   * @throws IllegalArgumentException when an input is too large to build
   */
  static List<Tensor> of(ModelConfig config, int batchSize) {
    boolean batched = config.maxBatchSize() > 0;
    int rows = batched ? batchSize : 1;
    List<Tensor> out = new ArrayList<>();
    for (ModelInput input : config.inputs()) {
      if (input.optional()) {
        continue;
      }
      Shape item = concrete(input.dims());
      Shape shape = batched ? item.prepend(rows) : item;
      int elements = elements(config.name(), input.name(), shape);
      byte[] data = WarmupData.random(input.dataType(), elements, input.name());
      out.add(
          Tensor.of(
              input.name(),
              input.dataType(),
              shape,
              ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN)));
    }
    return List.copyOf(out);
  }

  private static Shape concrete(Shape dims) {
    long[] out = dims.toArray();
    for (int i = 0; i < out.length; i++) {
      if (out[i] == Shape.ANY) {
        out[i] = 1;
      }
    }
    return Shape.of(out);
  }

  private static int elements(String model, String input, Shape shape) {
    long n = shape.elementCount().orElse(-1);
    if (n < 0 || n > Integer.MAX_VALUE / Long.BYTES) {
      throw new IllegalArgumentException(
          "model '"
              + model
              + "': input '"
              + input
              + "' of shape "
              + shape
              + " is too large to profile (expected: at most "
              + Integer.MAX_VALUE / Long.BYTES
              + " elements)");
    }
    return (int) n;
  }
}
