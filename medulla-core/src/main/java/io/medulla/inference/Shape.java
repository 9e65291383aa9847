package io.medulla.inference;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * An immutable tensor shape. A dimension of {@code -1} means "any size" in a specification; the
 * shape of an actual tensor has only non-negative dimensions.
 */
public final class Shape {
  /** The dimension value that matches any size in a {@link TensorSpec}. */
  public static final long ANY = -1;

  private static final Shape SCALAR = new Shape(new long[0]);

  private final long[] dims;

  private Shape(long[] dims) {
    this.dims = dims;
  }

  /** Returns a shape with the given dimensions; each must be {@code >= -1}. */
  public static Shape of(long... dims) {
    requireNonNull(dims, "dims");
    if (dims.length == 0) {
      return SCALAR;
    }
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] < ANY) {
        throw new IllegalArgumentException("dims[" + i + "]: " + dims[i] + " (expected: >= -1)");
      }
    }
    return new Shape(dims.clone());
  }

  /** Returns a shape with the given dimensions. */
  public static Shape of(List<Long> dims) {
    long[] copy = new long[dims.size()];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = dims.get(i);
    }
    return of(copy);
  }

  /** Returns the number of dimensions. */
  public int rank() {
    return dims.length;
  }

  /** Returns dimension {@code i}. */
  public long dim(int i) {
    return dims[i];
  }

  /** Returns a copy of the dimensions. */
  public long[] toArray() {
    return dims.clone();
  }

  /** Returns the dimensions as a list. */
  public List<Long> toList() {
    return Arrays.stream(dims).boxed().toList();
  }

  /** Returns whether any dimension is {@link #ANY}. */
  public boolean isDynamic() {
    for (long d : dims) {
      if (d == ANY) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the number of elements, or empty when a dimension is dynamic or the product overflows a
   * {@code long}.
   */
  public OptionalLong elementCount() {
    long n = 1;
    for (long d : dims) {
      if (d < 0) {
        return OptionalLong.empty();
      }
      try {
        n = Math.multiplyExact(n, d);
      } catch (ArithmeticException e) {
        return OptionalLong.empty();
      }
    }
    return OptionalLong.of(n);
  }

  /** Returns this shape with {@code dim} prepended, as for a batch dimension. */
  public Shape prepend(long dim) {
    long[] out = new long[dims.length + 1];
    out[0] = dim;
    System.arraycopy(dims, 0, out, 1, dims.length);
    return of(out);
  }

  /** Returns this shape without its first dimension. */
  public Shape dropFirst() {
    if (dims.length == 0) {
      throw new IllegalStateException("a scalar shape has no first dimension");
    }
    return of(Arrays.copyOfRange(dims, 1, dims.length));
  }

  /**
   * Returns whether a concrete shape matches this specification: same rank, and every dimension
   * equal or {@link #ANY} here.
   */
  public boolean accepts(Shape actual) {
    if (actual.dims.length != dims.length) {
      return false;
    }
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] != ANY && dims[i] != actual.dims[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape other && Arrays.equals(dims, other.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  @Override
  public String toString() {
    return Arrays.toString(dims);
  }
}
