package io.medulla.inference;

import java.util.Locale;
import java.util.Optional;

/**
 * The tensor element types of the Open Inference Protocol, with their Triton configuration names.
 *
 * <p>Fixed-size types are stored little-endian; {@link #BYTES} elements are each a 4-byte
 * little-endian length followed by that many bytes, as in Triton's binary tensor extension.
 */
public enum DataType {
  BOOL(1),
  UINT8(1),
  UINT16(2),
  UINT32(4),
  UINT64(8),
  INT8(1),
  INT16(2),
  INT32(4),
  INT64(8),
  FP16(2),
  FP32(4),
  FP64(8),
  BF16(2),
  /** Variable-length byte strings; {@link #byteSize()} is 0. */
  BYTES(0);

  private final int byteSize;

  DataType(int byteSize) {
    this.byteSize = byteSize;
  }

  /** Returns the size of one element in bytes, or 0 for {@link #BYTES}. */
  public int byteSize() {
    return byteSize;
  }

  /** Returns whether elements have a fixed size (every type but {@link #BYTES}). */
  public boolean isFixedSize() {
    return this != BYTES;
  }

  /** Returns the protocol name, as in {@code "FP32"}. */
  public String wireName() {
    return name();
  }

  /**
   * Returns the Triton model configuration name, as in {@code "TYPE_FP32"} ({@code TYPE_STRING} for
   * BYTES).
   */
  public String configName() {
    return this == BYTES ? "TYPE_STRING" : "TYPE_" + name();
  }

  /** Returns the type with the given protocol name ({@code "FP32"}), case-insensitively. */
  public static Optional<DataType> fromWireName(String name) {
    try {
      return Optional.of(valueOf(name.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Returns the type with the given configuration name ({@code "TYPE_FP32"}, {@code
   * "TYPE_STRING"}).
   */
  public static Optional<DataType> fromConfigName(String name) {
    if (name.equals("TYPE_STRING")) {
      return Optional.of(BYTES);
    }
    if (!name.startsWith("TYPE_")) {
      return Optional.empty();
    }
    return fromWireName(name.substring("TYPE_".length()));
  }
}
