package io.medulla.server;

import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import io.medulla.inference.Tensor;
import io.medulla.repository.ModelConfig;
import io.medulla.repository.ModelInput;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds the input tensors of one batch for profiling: every required input of the configuration
 * (optional inputs left out, as a default warm-up does), a dynamic dimension taken as 1, the batch
 * dimension prepended when the model batches, filled with deterministic pseudo-random values.
 *
 * <p>Random rather than zero values, so that no kernel takes a shortcut real data would not:
 * floating-point elements lie in [0, 1), integers in [0, 64) (small and non-negative, so that
 * index-like inputs stay in range), booleans 0 or 1. BYTES inputs are empty strings.
 *
 * <p>Thread safety: stateless; every call returns new tensors over new buffers.
 */
final class ProfileInputs {
  private static final long SEED = 0x7072_6f66_696c_65L;
  private static final int INT_BOUND = 64;

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
      out.add(Tensor.of(input.name(), input.dataType(), shape, data(input, elements).flip()));
    }
    return List.copyOf(out);
  }

  private static ByteBuffer data(ModelInput input, int elements) {
    DataType type = input.dataType();
    int width = type.isFixedSize() ? type.byteSize() : Integer.BYTES;
    ByteBuffer out =
        ByteBuffer.allocate(Math.multiplyExact(elements, width)).order(ByteOrder.LITTLE_ENDIAN);
    SplittableRandom random = new SplittableRandom(SEED + 31L * input.name().hashCode());
    for (int i = 0; i < elements; i++) {
      put(out, type, random);
    }
    return out;
  }

  private static void put(ByteBuffer out, DataType type, SplittableRandom random) {
    switch (type) {
      case BOOL -> out.put((byte) random.nextInt(2));
      case UINT8, INT8 -> out.put((byte) random.nextInt(INT_BOUND));
      case UINT16, INT16 -> out.putShort((short) random.nextInt(INT_BOUND));
      case UINT32, INT32 -> out.putInt(random.nextInt(INT_BOUND));
      case UINT64, INT64 -> out.putLong(random.nextInt(INT_BOUND));
      case FP16 -> out.putShort(Float.floatToFloat16(nextFloat(random)));
      case BF16 -> out.putShort((short) (Float.floatToRawIntBits(nextFloat(random)) >>> 16));
      case FP32 -> out.putFloat(nextFloat(random));
      case FP64 -> out.putDouble(random.nextDouble());
      case BYTES -> out.putInt(0);
    }
  }

  private static float nextFloat(SplittableRandom random) {
    // 24 random bits: every value exact in a float, and strictly below 1.
    return random.nextInt(1 << 24) / (float) (1 << 24);
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
