package io.medulla.protocol.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.medulla.inference.DataType;
import io.medulla.inference.InferenceException;
import io.medulla.inference.InvalidInputException;
import io.medulla.inference.StatusCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads the {@code data} of one input, flat or nested row-major, into the raw little-endian layout
 * of {@link io.medulla.inference.Tensor}. Checks every element's JSON type and range for the
 * input's datatype; messages name the input and the element index, never the value.
 */
final class JsonTensorReader {
  private static final BigInteger UINT64_MAX =
      BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private final int maxStringBytes;

  JsonTensorReader(int maxStringBytes) {
    this.maxStringBytes = maxStringBytes;
  }

  /**
   * Reads the data value at the parser's current token and returns its elements; fails unless there
   * are exactly {@code elements} of them.
   */
  ByteBuffer read(JsonParser p, String label, DataType type, long elements) throws IOException {
    Sink sink = type.isFixedSize() ? new FixedSink(type, elements) : new BytesSink();
    long count = 0;
    if (p.currentToken() != JsonToken.START_ARRAY) {
      count = readElement(p, label, type, elements, 0, sink);
    } else {
      int depth = 1;
      while (depth > 0) {
        JsonToken t = p.nextToken();
        if (t == JsonToken.START_ARRAY) {
          depth++;
        } else if (t == JsonToken.END_ARRAY) {
          depth--;
        } else {
          count = readElement(p, label, type, elements, count, sink);
        }
      }
    }
    if (count != elements) {
      throw new InvalidInputException(
          label + ": data has " + count + " elements but its shape calls for " + elements);
    }
    return sink.done();
  }

  private long readElement(
      JsonParser p, String label, DataType type, long elements, long index, Sink sink)
      throws IOException {
    if (index >= elements) {
      throw new InvalidInputException(
          label + ": data has more elements than its shape calls for (" + elements + ")");
    }
    String where = label + ": data[" + index + "]";
    JsonToken t = p.currentToken();
    switch (type) {
      case BOOL -> {
        if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
          throw new InvalidInputException(where + " is not a boolean (expected: true or false)");
        }
        sink.putByte(t == JsonToken.VALUE_TRUE ? 1 : 0);
      }
      case INT8 -> sink.putByte((int) integer(p, where, type, Byte.MIN_VALUE, Byte.MAX_VALUE));
      case UINT8 -> sink.putByte((int) integer(p, where, type, 0, 0xff));
      case INT16 -> sink.putShort((int) integer(p, where, type, Short.MIN_VALUE, Short.MAX_VALUE));
      case UINT16 -> sink.putShort((int) integer(p, where, type, 0, 0xffff));
      case INT32 ->
          sink.putInt((int) integer(p, where, type, Integer.MIN_VALUE, Integer.MAX_VALUE));
      case UINT32 -> sink.putInt((int) integer(p, where, type, 0, 0xffff_ffffL));
      case INT64 -> sink.putLong(integer(p, where, type, Long.MIN_VALUE, Long.MAX_VALUE));
      case UINT64 -> sink.putLong(uint64(p, where));
      case FP16 -> sink.putShort(half(HalfFloats.toFp16(number(p, where, type)), 0x7c00, where));
      case BF16 -> sink.putShort(half(HalfFloats.toBf16(number(p, where, type)), 0x7f80, where));
      case FP32 -> {
        checkNumber(p, where, type);
        // Parse the text directly: decimal -> double -> float could round twice.
        float f = Float.parseFloat(p.getText());
        if (Float.isInfinite(f)) {
          throw outOfRange(where, type, "a number within +-3.4028235e38");
        }
        sink.putInt(Float.floatToRawIntBits(f));
      }
      case FP64 -> sink.putLong(Double.doubleToRawLongBits(number(p, where, type)));
      case BYTES -> {
        if (t != JsonToken.VALUE_STRING) {
          throw new InvalidInputException(
              where + " is not a string (expected: a string for BYTES)");
        }
        byte[] utf8 = p.getText().getBytes(StandardCharsets.UTF_8);
        if (utf8.length > maxStringBytes) {
          throw new InferenceException(
              StatusCode.PAYLOAD_TOO_LARGE,
              where + " is longer than " + maxStringBytes + " bytes (limit: maxStringBytes)");
        }
        sink.putString(utf8);
      }
    }
    return index + 1;
  }

  /** Returns an integer element after checking its JSON type and its range for {@code type}. */
  static long integer(JsonParser p, String where, DataType type, long min, long max)
      throws IOException {
    String range = "an integer in [" + min + ", " + max + "]";
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw new InvalidInputException(
          where + " is not an integer (expected: " + range + " for " + type + ")");
    }
    if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw outOfRange(where, type, range);
    }
    long v = p.getLongValue();
    if (v < min || v > max) {
      throw outOfRange(where, type, range);
    }
    return v;
  }

  /** Returns the bits of a UINT64 element: values above {@code Long.MAX_VALUE} wrap. */
  static long uint64(JsonParser p, String where) throws IOException {
    String range = "an integer in [0, " + UINT64_MAX + "]";
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw new InvalidInputException(
          where + " is not an integer (expected: " + range + " for UINT64)");
    }
    if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      BigInteger big = p.getBigIntegerValue();
      if (big.signum() < 0 || big.compareTo(UINT64_MAX) > 0) {
        throw outOfRange(where, DataType.UINT64, range);
      }
      return big.longValue();
    }
    long v = p.getLongValue();
    if (v < 0) {
      throw outOfRange(where, DataType.UINT64, range);
    }
    return v;
  }

  private static double number(JsonParser p, String where, DataType type) throws IOException {
    checkNumber(p, where, type);
    double d = p.getDoubleValue();
    if (Double.isInfinite(d)) {
      throw outOfRange(where, type, "a finite number");
    }
    return d;
  }

  private static void checkNumber(JsonParser p, String where, DataType type) {
    JsonToken t = p.currentToken();
    if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
      throw new InvalidInputException(
          where + " is not a number (expected: a number for " + type + ")");
    }
  }

  private static short half(short bits, int infinity, String where) {
    if ((bits & 0x7fff) == infinity) {
      throw outOfRange(
          where,
          infinity == 0x7c00 ? DataType.FP16 : DataType.BF16,
          "a number within " + (infinity == 0x7c00 ? "+-65504" : "+-3.3895314e38"));
    }
    return bits;
  }

  private static InvalidInputException outOfRange(String where, DataType type, String expected) {
    return new InvalidInputException(
        where + " is out of range for " + type + " (expected: " + expected + ")");
  }

  /** Collects elements in the tensor layout. */
  private interface Sink {
    void putByte(int v);

    void putShort(int v);

    void putInt(int v);

    void putLong(long v);

    void putString(byte[] utf8);

    ByteBuffer done();
  }

  /** Writes fixed-size elements into a buffer sized from the shape. */
  private static final class FixedSink implements Sink {
    private final ByteBuffer buffer;

    FixedSink(DataType type, long elements) {
      // The caller bounded elements by the body size, so this fits in an int.
      buffer =
          ByteBuffer.allocate(Math.toIntExact(elements * type.byteSize()))
              .order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void putByte(int v) {
      buffer.put((byte) v);
    }

    @Override
    public void putShort(int v) {
      buffer.putShort((short) v);
    }

    @Override
    public void putInt(int v) {
      buffer.putInt(v);
    }

    @Override
    public void putLong(long v) {
      buffer.putLong(v);
    }

    @Override
    public void putString(byte[] utf8) {
      throw new IllegalStateException("a fixed-size tensor holds no strings");
    }

    @Override
    public ByteBuffer done() {
      return buffer.flip();
    }
  }

  /** Writes BYTES elements, each a 4-byte little-endian length and its bytes. */
  private static final class BytesSink implements Sink {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Override
    public void putByte(int v) {
      throw new IllegalStateException("a BYTES tensor holds only strings");
    }

    @Override
    public void putShort(int v) {
      putByte(v);
    }

    @Override
    public void putInt(int v) {
      putByte(v);
    }

    @Override
    public void putLong(long v) {
      putByte((int) v);
    }

    @Override
    public void putString(byte[] utf8) {
      int n = utf8.length;
      out.write(n);
      out.write(n >>> 8);
      out.write(n >>> 16);
      out.write(n >>> 24);
      out.write(utf8, 0, n);
    }

    @Override
    public ByteBuffer done() {
      return ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    }
  }
}
