package io.medulla.repository;

import io.medulla.inference.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * Generates the raw little-endian element bytes of one warm-up input item (without the batch
 * dimension): zeros, or deterministic pseudo-random values.
 *
 * <p>Random values are the same on every load: floating-point elements lie in [0, 1), integers in
 * [0, 64) (small and non-negative, so that index-like inputs stay in range), booleans 0 or 1. As in
 * Triton, random BYTES inputs fall back to zeros (empty strings).
 *
 * <p>The profiler fills its batches with the same values, so that a profile and a warm-up exercise
 * a model alike.
 *
 * <p>Thread safety: stateless.
 */
public final class WarmupData {
  private static final long SEED = 0x6d65_6475_6c6c_61L;
  private static final int INT_BOUND = 64;

  private WarmupData() {}

  /** Returns {@code elements} zeros; for BYTES, that many empty strings. */
  public static byte[] zeros(DataType type, int elements) {
    int width = type.isFixedSize() ? type.byteSize() : Integer.BYTES;
    return new byte[Math.multiplyExact(elements, width)];
  }

  /** Returns {@code elements} pseudo-random values seeded by the input's name. */
  public static byte[] random(DataType type, int elements, String inputName) {
    if (!type.isFixedSize()) {
      return zeros(type, elements);
    }
    SplittableRandom random = new SplittableRandom(SEED + 31L * inputName.hashCode());
    ByteBuffer out =
        ByteBuffer.allocate(Math.multiplyExact(elements, type.byteSize()))
            .order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < elements; i++) {
      put(out, type, random);
    }
    return out.array();
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
}
