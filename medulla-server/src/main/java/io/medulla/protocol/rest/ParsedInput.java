package io.medulla.protocol.rest;

import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * One input as the JSON header declares it, before its data is attached.
 *
 * @param label how messages name the input, as in {@code input 'INPUT0'}
 * @param name the input name
 * @param dataType the element type
 * @param shape the concrete shape
 * @param elements the element count of the shape
 * @param data the elements read from JSON {@code data}, or null when the data is binary or not read
 *     yet
 * @param binarySize the {@code binary_data_size} parameter, or -1 when the data is JSON
 */
record ParsedInput(
    String label,
    String name,
    DataType dataType,
    Shape shape,
    long elements,
    @Nullable ByteBuffer data,
    long binarySize) {
  /** Returns whether the input's data follows the JSON header as a binary section. */
  boolean isBinary() {
    return binarySize >= 0;
  }

  /** Returns the same input with its data read. */
  ParsedInput withData(ByteBuffer newData) {
    return new ParsedInput(label, name, dataType, shape, elements, newData, binarySize);
  }
}
