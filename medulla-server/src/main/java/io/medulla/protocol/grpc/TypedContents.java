package io.medulla.protocol.grpc;

import com.google.protobuf.ByteString;
import io.medulla.inference.DataType;
import io.medulla.inference.InvalidInputException;
import io.medulla.inference.Shape;
import io.medulla.inference.Tensor;
import io.medulla.protocol.grpc.proto.InferTensorContents;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes the typed {@code InferTensorContents} fields into raw little-endian tensor data. Each
 * data type reads exactly one field; FP16 and BF16 have none and must be sent raw.
 */
final class TypedContents {
  private TypedContents() {}

  /**
   * Returns the tensor held by {@code contents}.
   *
   * @throws InvalidInputException if the field does not match the type, the element count does not
   *     match the shape, or a value is out of the type's range
   */
  static Tensor decode(String name, DataType type, Shape shape, InferTensorContents contents) {
    long expected =
        shape
            .elementCount()
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "input '" + name + "': shape " + shape + " is too large"));
    String field = fieldFor(name, type);
    long found = count(type, contents);
    long elsewhere = GrpcTensors.totalCount(contents) - found;
    if (elsewhere > 0) {
      throw new InvalidInputException(
          "input '"
              + name
              + "': "
              + type
              + " data must be in contents."
              + field
              + " (found values in another contents field)");
    }
    if (found != expected) {
      throw new InvalidInputException(
          "input '"
              + name
              + "': "
              + found
              + " values in contents."
              + field
              + " for shape "
              + shape
              + " (expected: "
              + expected
              + ")");
    }
    int n = (int) found;
    ByteBuffer b =
        type == DataType.BYTES ? bytesBuffer(contents) : allocate((long) n * type.byteSize());
    switch (type) {
      case BOOL -> {
        for (int i = 0; i < n; i++) {
          b.put((byte) (contents.getBoolContents(i) ? 1 : 0));
        }
      }
      case INT8 -> {
        for (int i = 0; i < n; i++) {
          b.put(
              (byte)
                  checkRange(name, i, contents.getIntContents(i), Byte.MIN_VALUE, Byte.MAX_VALUE));
        }
      }
      case INT16 -> {
        for (int i = 0; i < n; i++) {
          b.putShort(
              (short)
                  checkRange(
                      name, i, contents.getIntContents(i), Short.MIN_VALUE, Short.MAX_VALUE));
        }
      }
      case INT32 -> {
        for (int i = 0; i < n; i++) {
          b.putInt(contents.getIntContents(i));
        }
      }
      case INT64 -> {
        for (int i = 0; i < n; i++) {
          b.putLong(contents.getInt64Contents(i));
        }
      }
      case UINT8 -> {
        for (int i = 0; i < n; i++) {
          b.put(
              (byte)
                  checkRange(
                      name, i, Integer.toUnsignedLong(contents.getUintContents(i)), 0, 0xFF));
        }
      }
      case UINT16 -> {
        for (int i = 0; i < n; i++) {
          b.putShort(
              (short)
                  checkRange(
                      name, i, Integer.toUnsignedLong(contents.getUintContents(i)), 0, 0xFFFF));
        }
      }
      case UINT32 -> {
        for (int i = 0; i < n; i++) {
          b.putInt(contents.getUintContents(i));
        }
      }
      case UINT64 -> {
        for (int i = 0; i < n; i++) {
          b.putLong(contents.getUint64Contents(i));
        }
      }
      case FP32 -> {
        for (int i = 0; i < n; i++) {
          b.putFloat(contents.getFp32Contents(i));
        }
      }
      case FP64 -> {
        for (int i = 0; i < n; i++) {
          b.putDouble(contents.getFp64Contents(i));
        }
      }
      case BYTES -> {
        for (int i = 0; i < n; i++) {
          ByteString s = contents.getBytesContents(i);
          b.putInt(s.size());
          s.copyTo(b);
        }
      }
      case FP16, BF16 -> throw new AssertionError("rejected by fieldFor: " + type);
    }
    b.flip();
    return Tensor.of(name, type, shape, b);
  }

  /** Returns the contents field that carries {@code type}, or fails for FP16 and BF16. */
  private static String fieldFor(String name, DataType type) {
    return switch (type) {
      case BOOL -> "bool_contents";
      case INT8, INT16, INT32 -> "int_contents";
      case INT64 -> "int64_contents";
      case UINT8, UINT16, UINT32 -> "uint_contents";
      case UINT64 -> "uint64_contents";
      case FP32 -> "fp32_contents";
      case FP64 -> "fp64_contents";
      case BYTES -> "bytes_contents";
      case FP16, BF16 ->
          throw new InvalidInputException(
              "input '"
                  + name
                  + "': "
                  + type
                  + " has no typed contents field"
                  + " (expected: send it in raw_input_contents)");
    };
  }

  private static long count(DataType type, InferTensorContents c) {
    return switch (type) {
      case BOOL -> c.getBoolContentsCount();
      case INT8, INT16, INT32 -> c.getIntContentsCount();
      case INT64 -> c.getInt64ContentsCount();
      case UINT8, UINT16, UINT32 -> c.getUintContentsCount();
      case UINT64 -> c.getUint64ContentsCount();
      case FP32 -> c.getFp32ContentsCount();
      case FP64 -> c.getFp64ContentsCount();
      case BYTES -> c.getBytesContentsCount();
      case FP16, BF16 -> 0;
    };
  }

  private static long checkRange(String name, int index, long value, long min, long max) {
    if (value < min || value > max) {
      // The value itself stays out of the message: tensors may carry patient data.
      throw new InvalidInputException(
          "input '"
              + name
              + "': element "
              + index
              + " is out of range for its datatype"
              + " (expected: "
              + min
              + " to "
              + max
              + ")");
    }
    return value;
  }

  private static ByteBuffer bytesBuffer(InferTensorContents c) {
    long size = 0;
    for (int i = 0; i < c.getBytesContentsCount(); i++) {
      size += 4L + c.getBytesContents(i).size();
    }
    return allocate(size);
  }

  private static ByteBuffer allocate(long size) {
    // Bounded by the message size: every element came in the request.
    return ByteBuffer.allocate(Math.toIntExact(size)).order(ByteOrder.LITTLE_ENDIAN);
  }
}
