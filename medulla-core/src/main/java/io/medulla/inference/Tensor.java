package io.medulla.inference;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An immutable named tensor: type, shape and raw little-endian element data.
 *
 * <p>All protocols and backends share this one representation so that binary tensor data can go
 * from the network buffer to the runtime without conversion. {@link DataType#BYTES} data is a
 * sequence of elements, each a 4-byte little-endian length followed by its bytes.
 */
public final class Tensor {
  private final String name;
  private final DataType dataType;
  private final Shape shape;
  private final ByteBuffer data;

  private Tensor(String name, DataType dataType, Shape shape, ByteBuffer data) {
    this.name = name;
    this.dataType = dataType;
    this.shape = shape;
    this.data = data;
  }

  /**
   * Returns a tensor over {@code data} (from its position to its limit; not copied, so the caller
   * must not change it afterwards).
   *
   * @throws InvalidInputException if the shape is not concrete or the data does not hold exactly
   *     the elements the shape calls for
   */
  public static Tensor of(String name, DataType dataType, Shape shape, ByteBuffer data) {
    requireNonNull(name, "name");
    requireNonNull(dataType, "dataType");
    requireNonNull(shape, "shape");
    requireNonNull(data, "data");
    ByteBuffer view = data.slice().order(ByteOrder.LITTLE_ENDIAN);
    long elements =
        shape
            .elementCount()
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "tensor '" + name + "': shape " + shape + " is not a concrete shape"));
    if (dataType.isFixedSize()) {
      long expected;
      try {
        expected = Math.multiplyExact(elements, dataType.byteSize());
      } catch (ArithmeticException e) {
        throw new InvalidInputException("tensor '" + name + "': shape " + shape + " is too large");
      }
      if (view.remaining() != expected) {
        throw new InvalidInputException(
            "tensor '"
                + name
                + "': "
                + view.remaining()
                + " bytes of data for shape "
                + shape
                + " of "
                + dataType
                + " (expected: "
                + expected
                + " bytes)");
      }
    } else {
      long found = Tensors.countStrings(view, name);
      if (found != elements) {
        throw new InvalidInputException(
            "tensor '"
                + name
                + "': "
                + found
                + " BYTES elements for shape "
                + shape
                + " (expected: "
                + elements
                + ")");
      }
    }
    return new Tensor(name, dataType, shape, view);
  }

  /** Returns the tensor's name. */
  public String name() {
    return name;
  }

  /** Returns the element type. */
  public DataType dataType() {
    return dataType;
  }

  /** Returns the concrete shape. */
  public Shape shape() {
    return shape;
  }

  /** Returns the number of elements. */
  public long elementCount() {
    return shape.elementCount().orElseThrow();
  }

  /** Returns a read-only little-endian view of the raw data, positioned at 0. */
  public ByteBuffer data() {
    return data.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Returns the size of the raw data in bytes. */
  public int byteSize() {
    return data.remaining();
  }

  /** Returns the same data and shape under another name. */
  public Tensor withName(String newName) {
    return new Tensor(requireNonNull(newName, "newName"), dataType, shape, data);
  }

  /** Returns the same data under another shape with the same element count. */
  public Tensor withShape(Shape newShape) {
    if (newShape.elementCount().orElse(-1) != elementCount()) {
      throw new InvalidInputException(
          "tensor '" + name + "': cannot reshape " + shape + " to " + newShape);
    }
    return new Tensor(name, dataType, newShape, data);
  }

  @Override
  public String toString() {
    // Never the data: tensors may carry patient information.
    return "Tensor{" + name + ", " + dataType + shape + "}";
  }
}
