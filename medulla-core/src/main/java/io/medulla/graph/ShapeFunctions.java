package io.medulla.graph;

import static io.medulla.graph.FunctionInputs.checkRank;
import static io.medulla.graph.FunctionInputs.fits;
import static io.medulla.graph.FunctionInputs.only;
import static io.medulla.graph.FunctionInputs.ranked;
import static io.medulla.graph.FunctionInputs.sameType;
import static io.medulla.graph.FunctionInputs.several;
import static io.medulla.graph.FunctionInputs.single;

import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import io.medulla.inference.Tensor;
import io.medulla.inference.TensorSpec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The built-ins that move data without computing on it: reshape, slice, concat and coalesce.
 * Reshape, coalesce and slices of contiguous rows share the input's buffer instead of copying.
 */
final class ShapeFunctions {
  private ShapeFunctions() {}

  /**
   * Returns {@code reshape} to attribute {@code shape}: one {@code -1} takes the remaining size and
   * {@code 0} keeps the input's dimension, as in ONNX. Never copies.
   */
  static TensorFunction reshape() {
    return (inputs, attributes) -> {
      attributes.checkOnly(Set.of("shape"));
      TensorSpec in = single(inputs);
      List<Long> target = attributes.integers("shape");
      long inferred = target.stream().filter(d -> d == -1).count();
      for (int i = 0; i < target.size(); i++) {
        long d = target.get(i);
        if (d < -1 || (d == 0 && i >= in.shape().rank())) {
          throw new IllegalArgumentException(
              "attribute 'shape': dimension "
                  + i
                  + " is "
                  + d
                  + " (expected: > 0, -1 once, or 0 within the input's rank)");
        }
      }
      if (inferred > 1) {
        throw new IllegalArgumentException("attribute 'shape': -1 appears more than once");
      }
      int rank = in.shape().rank();
      return BoundFunction.of(
          List.of(TensorSpec.of("output", in.dataType(), resolve(target, in.shape()))),
          present -> {
            Tensor t = only(present, rank);
            Shape shape = resolve(target, t.shape());
            if (shape.isDynamic()) {
              throw new IllegalArgumentException(
                  "input '"
                      + t.name()
                      + "' of shape "
                      + t.shape()
                      + " cannot be reshaped to "
                      + target);
            }
            return List.of(t.withShape(shape).withName("output"));
          });
    };
  }

  /** Returns the target shape for an input shape, with -1 where it is not known yet. */
  private static Shape resolve(List<Long> target, Shape input) {
    long[] dims = new long[target.size()];
    long known = 1;
    int free = -1;
    boolean unknown = input.isDynamic();
    for (int i = 0; i < dims.length; i++) {
      long d = target.get(i);
      dims[i] = d == 0 ? input.dim(i) : d;
      if (dims[i] == -1 && d == -1) {
        free = i;
      } else if (dims[i] == -1) {
        unknown = true;
      } else {
        known *= dims[i];
      }
    }
    if (free >= 0 && !unknown) {
      long total = input.elementCount().orElse(-1);
      dims[free] = known == 0 || total % known != 0 ? -1 : total / known;
    }
    return Shape.of(dims);
  }

  /**
   * Returns {@code slice}: elements {@code start} (inclusive) to {@code end} (exclusive) along
   * {@code axis} (default 0); negative positions count from the end and both are clamped, as in
   * ONNX. A slice of contiguous rows shares the input's buffer.
   */
  static TensorFunction slice() {
    return (inputs, attributes) -> {
      attributes.checkOnly(Set.of("axis", "start", "end"));
      TensorSpec in = single(inputs);
      ranked(in);
      fixedSize(in);
      int rank = in.shape().rank();
      int axis = Elements.axis(attributes.integer("axis", 0), rank, "axis");
      long start = attributes.integer("start", 0);
      long end = attributes.integer("end", Long.MAX_VALUE);
      long dim = in.shape().dim(axis);
      long length = dim == Shape.ANY ? Shape.ANY : bounds(start, end, dim)[1];
      return BoundFunction.of(
          List.of(
              TensorSpec.of("output", in.dataType(), Elements.withDim(in.shape(), axis, length))),
          present -> {
            Tensor t = only(present, rank);
            long[] b = bounds(start, end, t.shape().dim(axis));
            Shape shape = Elements.withDim(t.shape(), axis, b[1]);
            long outer = Elements.product(t.shape(), 0, axis);
            long inner = Elements.product(t.shape(), axis + 1, rank) * t.dataType().byteSize();
            long rowBytes = t.shape().dim(axis) * inner;
            ByteBuffer data = t.data();
            if (outer == 1) {
              ByteBuffer view =
                  data.slice(Math.toIntExact(b[0] * inner), Math.toIntExact(b[1] * inner));
              return List.of(Tensor.of("output", t.dataType(), shape, view));
            }
            ByteBuffer out = Elements.allocate(t.dataType(), shape.elementCount().orElseThrow());
            for (long o = 0; o < outer; o++) {
              out.put(
                  data.slice(
                      Math.toIntExact(o * rowBytes + b[0] * inner), Math.toIntExact(b[1] * inner)));
            }
            out.flip();
            return List.of(Tensor.of("output", t.dataType(), shape, out));
          });
    };
  }

  /** Returns {start, length} of a slice of a dimension of size {@code dim}, clamped. */
  private static long[] bounds(long start, long end, long dim) {
    long s = clamp(start < 0 ? start + dim : start, dim);
    long e = clamp(end < 0 ? end + dim : end, dim);
    return new long[] {s, Math.max(0, e - s)};
  }

  private static long clamp(long v, long dim) {
    return Math.max(0, Math.min(v, dim));
  }

  /** Returns {@code concat} of every input, in order, along attribute {@code axis}. */
  static TensorFunction concat() {
    return (inputs, attributes) -> {
      attributes.checkOnly(Set.of("axis"));
      List<TensorSpec> specs = several(inputs);
      DataType type = sameType(specs);
      TensorSpec first = specs.get(0);
      ranked(first);
      if (!type.isFixedSize()) {
        fixedSize(first);
      }
      int rank = first.shape().rank();
      int axis = Elements.axis(attributes.integer("axis"), rank, "axis");
      long[] dims = first.shape().toArray();
      dims[axis] = 0;
      for (TensorSpec s : specs) {
        if (s.shape().rank() != rank) {
          throw new IllegalArgumentException(
              "input '"
                  + s.name()
                  + "' has rank "
                  + s.shape().rank()
                  + " (expected: "
                  + rank
                  + ", the rank of input '"
                  + first.name()
                  + "')");
        }
        for (int i = 0; i < rank; i++) {
          long d = s.shape().dim(i);
          if (i == axis) {
            dims[i] = dims[i] == Shape.ANY || d == Shape.ANY ? Shape.ANY : dims[i] + d;
          } else if (!fits(dims[i], d)) {
            throw new IllegalArgumentException(
                "input '"
                    + s.name()
                    + "' has shape "
                    + s.shape()
                    + ", which does not fit "
                    + first.shape()
                    + " outside axis "
                    + axis);
          } else if (dims[i] == Shape.ANY) {
            dims[i] = d;
          }
        }
      }
      return BoundFunction.of(
          List.of(TensorSpec.of("output", type, Shape.of(dims))),
          present -> {
            List<Tensor> ts = new ArrayList<>(present.values());
            Tensor head = ts.get(0);
            long total = 0;
            for (Tensor t : ts) {
              checkRank(t, rank);
              for (int i = 0; i < rank; i++) {
                if (i != axis && t.shape().dim(i) != head.shape().dim(i)) {
                  throw new IllegalArgumentException(
                      "input '"
                          + t.name()
                          + "' has shape "
                          + t.shape()
                          + ", which does not match "
                          + head.shape()
                          + " outside axis "
                          + axis);
                }
              }
              total += t.shape().dim(axis);
            }
            Shape shape = Elements.withDim(head.shape(), axis, total);
            long outer = Elements.product(head.shape(), 0, axis);
            ByteBuffer out = Elements.allocate(type, shape.elementCount().orElseThrow());
            for (long o = 0; o < outer; o++) {
              for (Tensor t : ts) {
                long chunk = t.byteSize() / Math.max(1, outer);
                out.put(t.data().slice(Math.toIntExact(o * chunk), Math.toIntExact(chunk)));
              }
            }
            out.flip();
            return List.of(Tensor.of("output", type, shape, out));
          });
    };
  }

  /**
   * Returns {@code coalesce}: the first of its inputs that is present, in the order listed (for
   * joining a conditional branch with its fallback). Skipped only when every input is absent.
   */
  static TensorFunction coalesce() {
    return (inputs, attributes) -> {
      attributes.checkOnly(Set.of());
      List<TensorSpec> specs = several(inputs);
      DataType type = sameType(specs);
      long[] dims = specs.get(0).shape().toArray();
      for (TensorSpec s : specs) {
        if (s.shape().rank() != dims.length) {
          throw new IllegalArgumentException(
              "input '"
                  + s.name()
                  + "' has shape "
                  + s.shape()
                  + " (expected: rank "
                  + dims.length
                  + ")");
        }
        for (int i = 0; i < dims.length; i++) {
          if (dims[i] != s.shape().dim(i)) {
            dims[i] = Shape.ANY;
          }
        }
      }
      List<TensorSpec> outputs = List.of(TensorSpec.of("output", type, Shape.of(dims)));
      return new BoundFunction() {
        @Override
        public List<TensorSpec> outputs() {
          return outputs;
        }

        @Override
        public List<Tensor> apply(java.util.Map<String, Tensor> present) {
          return List.of(present.values().iterator().next().withName("output"));
        }

        @Override
        public boolean runsWithAbsentInputs() {
          return true;
        }
      };
    };
  }

  private static void fixedSize(TensorSpec in) {
    if (!in.dataType().isFixedSize()) {
      throw new IllegalArgumentException(
          "input '" + in.name() + "' is BYTES (expected: a fixed-size type)");
    }
  }
}
