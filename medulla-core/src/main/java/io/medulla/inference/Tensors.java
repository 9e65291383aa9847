package io.medulla.inference;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Creates tensors from Java arrays and reads them back; used by tests, examples and glue code. */
public final class Tensors {
  private Tensors() {}

  /** Returns an FP32 tensor. */
  public static Tensor ofFloats(String name, Shape shape, float... values) {
    ByteBuffer b = allocate(values.length * 4L);
    b.asFloatBuffer().put(values);
    return Tensor.of(name, DataType.FP32, shape, b);
  }

  /** Returns an INT32 tensor. */
  public static Tensor ofInts(String name, Shape shape, int... values) {
    ByteBuffer b = allocate(values.length * 4L);
    b.asIntBuffer().put(values);
    return Tensor.of(name, DataType.INT32, shape, b);
  }

  /** Returns an INT64 tensor. */
  public static Tensor ofLongs(String name, Shape shape, long... values) {
    ByteBuffer b = allocate(values.length * 8L);
    b.asLongBuffer().put(values);
    return Tensor.of(name, DataType.INT64, shape, b);
  }

  /** Returns a BYTES tensor holding the UTF-8 encoding of each string. */
  public static Tensor ofStrings(String name, Shape shape, String... values) {
    List<byte[]> encoded = new ArrayList<>(values.length);
    for (String v : values) {
      encoded.add(v.getBytes(StandardCharsets.UTF_8));
    }
    return ofByteStrings(name, shape, encoded);
  }

  /** Returns a BYTES tensor holding the given byte strings. */
  public static Tensor ofByteStrings(String name, Shape shape, List<byte[]> values) {
    long size = 0;
    for (byte[] v : values) {
      size += 4L + v.length;
    }
    ByteBuffer b = allocate(size);
    for (byte[] v : values) {
      b.putInt(v.length).put(v);
    }
    b.flip();
    return Tensor.of(name, DataType.BYTES, shape, b);
  }

  /** Returns the elements of an FP32 tensor. */
  public static float[] toFloats(Tensor t) {
    expect(t, DataType.FP32);
    float[] out = new float[Math.toIntExact(t.elementCount())];
    t.data().asFloatBuffer().get(out);
    return out;
  }

  /** Returns the elements of an INT32 tensor. */
  public static int[] toInts(Tensor t) {
    expect(t, DataType.INT32);
    int[] out = new int[Math.toIntExact(t.elementCount())];
    t.data().asIntBuffer().get(out);
    return out;
  }

  /** Returns the elements of an INT64 tensor. */
  public static long[] toLongs(Tensor t) {
    expect(t, DataType.INT64);
    long[] out = new long[Math.toIntExact(t.elementCount())];
    t.data().asLongBuffer().get(out);
    return out;
  }

  /** Returns the elements of a BYTES tensor. */
  public static List<byte[]> toByteStrings(Tensor t) {
    expect(t, DataType.BYTES);
    ByteBuffer b = t.data();
    List<byte[]> out = new ArrayList<>();
    while (b.hasRemaining()) {
      byte[] v = new byte[b.getInt()];
      b.get(v);
      out.add(v);
    }
    return out;
  }

  /** Returns the elements of a BYTES tensor decoded as UTF-8. */
  public static List<String> toStrings(Tensor t) {
    return toByteStrings(t).stream().map(v -> new String(v, StandardCharsets.UTF_8)).toList();
  }

  /**
   * Returns the number of length-prefixed elements in serialized BYTES data.
   *
   * @throws InvalidInputException if an element's length runs past the end of the data
   */
  static long countStrings(ByteBuffer data, String tensorName) {
    ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    long count = 0;
    while (b.hasRemaining()) {
      if (b.remaining() < 4) {
        throw new InvalidInputException(
            "tensor '" + tensorName + "': BYTES data ends inside an element's 4-byte length");
      }
      int len = b.getInt();
      if (len < 0 || len > b.remaining()) {
        throw new InvalidInputException(
            "tensor '"
                + tensorName
                + "': BYTES element "
                + count
                + " declares "
                + Integer.toUnsignedString(len)
                + " bytes but only "
                + b.remaining()
                + " remain");
      }
      b.position(b.position() + len);
      count++;
    }
    return count;
  }

  private static ByteBuffer allocate(long size) {
    return ByteBuffer.allocate(Math.toIntExact(size)).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static void expect(Tensor t, DataType type) {
    if (t.dataType() != type) {
      throw new IllegalArgumentException(
          "tensor '" + t.name() + "' is " + t.dataType() + " (expected: " + type + ")");
    }
  }
}
