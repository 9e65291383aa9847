package io.medulla.graph;

import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import io.medulla.inference.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Reads and writes tensor elements of any numeric type as doubles or longs, for built-ins. */
final class Elements {
  private static final double TWO_TO_64 = 0x1p64;

  private Elements() {}

  /** Returns whether a type can be read as numbers (every type but BYTES). */
  static boolean isNumeric(DataType t) {
    return t != DataType.BYTES;
  }

  /** Returns element {@code i} of little-endian data of type {@code t} as a double. */
  static double get(ByteBuffer data, DataType t, int i) {
    return switch (t) {
      case BOOL, UINT8 -> data.get(i) & 0xff;
      case INT8 -> data.get(i);
      case UINT16 -> data.getShort(i * 2) & 0xffff;
      case INT16 -> data.getShort(i * 2);
      case UINT32 -> data.getInt(i * 4) & 0xffffffffL;
      case INT32 -> data.getInt(i * 4);
      case UINT64 -> {
        long v = data.getLong(i * 8);
        yield v >= 0 ? v : v + TWO_TO_64;
      }
      case INT64 -> data.getLong(i * 8);
      case FP16 -> Float.float16ToFloat(data.getShort(i * 2));
      case BF16 -> Float.intBitsToFloat((data.getShort(i * 2) & 0xffff) << 16);
      case FP32 -> data.getFloat(i * 4);
      case FP64 -> data.getDouble(i * 8);
      case BYTES -> throw new IllegalArgumentException("BYTES elements are not numbers");
    };
  }

  /** Returns element {@code i} of integer or BOOL data as a long, exactly. */
  static long getLong(ByteBuffer data, DataType t, int i) {
    return switch (t) {
      case UINT64, INT64 -> data.getLong(i * 8);
      case BOOL, UINT8, INT8, UINT16, INT16, UINT32, INT32 -> (long) get(data, t, i);
      default -> (long) get(data, t, i);
    };
  }

  /** Returns whether a type holds integers (or BOOL), which {@link #getLong} reads exactly. */
  static boolean isIntegral(DataType t) {
    return switch (t) {
      case BOOL, UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64, INT64 -> true;
      default -> false;
    };
  }

  /** Writes {@code v} as element {@code i} of type {@code t}, converting as a cast does. */
  static void put(ByteBuffer out, DataType t, int i, double v) {
    switch (t) {
      case BOOL -> out.put(i, (byte) (v != 0 ? 1 : 0));
      case UINT8, INT8 -> out.put(i, (byte) (long) v);
      case UINT16, INT16 -> out.putShort(i * 2, (short) (long) v);
      case UINT32, INT32 -> out.putInt(i * 4, (int) (long) v);
      case UINT64 -> out.putLong(i * 8, v >= 0x1p63 ? (long) (v - TWO_TO_64) : (long) v);
      case INT64 -> out.putLong(i * 8, (long) v);
      case FP16 -> out.putShort(i * 2, Float.floatToFloat16((float) v));
      case BF16 -> out.putShort(i * 2, (short) (Float.floatToIntBits((float) v) >>> 16));
      case FP32 -> out.putFloat(i * 4, (float) v);
      case FP64 -> out.putDouble(i * 8, v);
      case BYTES -> throw new IllegalArgumentException("BYTES elements are not numbers");
    }
  }

  /** Writes an integer {@code v} as element {@code i} of type {@code t}, exactly where it fits. */
  static void putLong(ByteBuffer out, DataType t, int i, long v) {
    switch (t) {
      case BOOL -> out.put(i, (byte) (v != 0 ? 1 : 0));
      case UINT8, INT8 -> out.put(i, (byte) v);
      case UINT16, INT16 -> out.putShort(i * 2, (short) v);
      case UINT32, INT32 -> out.putInt(i * 4, (int) v);
      case UINT64, INT64 -> out.putLong(i * 8, v);
      default -> put(out, t, i, v);
    }
  }

  /** Returns a zeroed little-endian buffer for {@code count} elements of {@code t}. */
  static ByteBuffer allocate(DataType t, long count) {
    long bytes = Math.multiplyExact(count, (long) t.byteSize());
    if (bytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("the result would hold " + bytes + " bytes (too large)");
    }
    return ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Returns the element count of a concrete tensor as an int. */
  static int count(Tensor t) {
    long n = t.elementCount();
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("tensor '" + t.name() + "' is too large");
    }
    return (int) n;
  }

  /** Returns {@code axis} made non-negative for a rank, or throws naming the attribute. */
  static int axis(long axis, int rank, String what) {
    long a = axis < 0 ? axis + rank : axis;
    if (rank == 0 || a < 0 || a >= rank) {
      throw new IllegalArgumentException(
          "attribute '"
              + what
              + "': "
              + axis
              + " is out of range for rank "
              + rank
              + " (expected: "
              + -rank
              + " to "
              + (rank - 1)
              + ")");
    }
    return (int) a;
  }

  /** Returns the product of dims [from, to) of a concrete shape. */
  static long product(Shape s, int from, int to) {
    long n = 1;
    for (int i = from; i < to; i++) {
      n *= s.dim(i);
    }
    return n;
  }

  /** Returns {@code shape} with dimension {@code axis} replaced by {@code dim}. */
  static Shape withDim(Shape shape, int axis, long dim) {
    long[] dims = shape.toArray();
    dims[axis] = dim;
    return Shape.of(dims);
  }
}
