package io.medulla.graph;

import static io.medulla.graph.FunctionInputs.numeric;
import static io.medulla.graph.FunctionInputs.only;
import static io.medulla.graph.FunctionInputs.ranked;
import static io.medulla.graph.FunctionInputs.single;

import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import io.medulla.inference.Tensor;
import io.medulla.inference.TensorSpec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** The built-ins that work along one axis: argmax, top_k and softmax. */
final class ReductionFunctions {
  private ReductionFunctions() {}

  /** Returns {@code argmax}: the index of the largest element along {@code axis} (INT64). */
  static TensorFunction argmax() {
    return (inputs, attributes) -> {
      attributes.checkOnly(Set.of("axis", "keepdims"));
      TensorSpec in = single(inputs);
      numeric(in);
      ranked(in);
      int rank = in.shape().rank();
      int axis = Elements.axis(attributes.integer("axis", -1), rank, "axis");
      boolean keep = attributes.bool("keepdims", false);
      Shape out = reduced(in.shape(), axis, keep);
      return BoundFunction.of(
          List.of(TensorSpec.of("output", DataType.INT64, out)),
          present -> {
            Tensor t = only(present, rank);
            Axis a = new Axis(t.shape(), axis);
            if (a.n == 0) {
              throw new IllegalArgumentException(
                  "input '" + t.name() + "' has no elements along axis " + axis);
            }
            ByteBuffer data = t.data();
            ByteBuffer result = Elements.allocate(DataType.INT64, a.outer * a.inner);
            for (int o = 0; o < a.outer; o++) {
              for (int i = 0; i < a.inner; i++) {
                int best = 0;
                double max = Elements.get(data, t.dataType(), a.index(o, 0, i));
                for (int k = 1; k < a.n; k++) {
                  double v = Elements.get(data, t.dataType(), a.index(o, k, i));
                  if (v > max) {
                    max = v;
                    best = k;
                  }
                }
                result.putLong((o * a.inner + i) * 8, best);
              }
            }
            return List.of(
                Tensor.of("output", DataType.INT64, reduced(t.shape(), axis, keep), result));
          });
    };
  }

  /**
   * Returns {@code top_k}: the {@code k} largest elements along {@code axis} ({@code values}, the
   * input's type) and their indices ({@code indices}, INT64), largest first.
   */
  static TensorFunction topK() {
    return (inputs, attributes) -> {
      attributes.checkOnly(Set.of("k", "axis"));
      TensorSpec in = single(inputs);
      numeric(in);
      ranked(in);
      int rank = in.shape().rank();
      int axis = Elements.axis(attributes.integer("axis", -1), rank, "axis");
      long k = attributes.integer("k");
      long dim = in.shape().dim(axis);
      if (k < 1 || (dim != Shape.ANY && k > dim)) {
        throw new IllegalArgumentException(
            "attribute 'k': "
                + k
                + " (expected: 1 to "
                + (dim == Shape.ANY ? "the axis length" : Long.toString(dim))
                + ")");
      }
      Shape out = Elements.withDim(in.shape(), axis, k);
      return BoundFunction.of(
          List.of(
              TensorSpec.of("values", in.dataType(), out),
              TensorSpec.of("indices", DataType.INT64, out)),
          present -> {
            Tensor t = only(present, rank);
            Axis a = new Axis(t.shape(), axis);
            if (k > a.n) {
              throw new IllegalArgumentException(
                  "input '"
                      + t.name()
                      + "' has "
                      + a.n
                      + " elements along axis "
                      + axis
                      + " (expected: at least k = "
                      + k
                      + ")");
            }
            int kk = (int) k;
            DataType type = t.dataType();
            ByteBuffer data = t.data();
            ByteBuffer values = Elements.allocate(type, (long) a.outer * kk * a.inner);
            ByteBuffer indices = Elements.allocate(DataType.INT64, (long) a.outer * kk * a.inner);
            Integer[] order = new Integer[a.n];
            double[] row = new double[a.n];
            for (int o = 0; o < a.outer; o++) {
              for (int i = 0; i < a.inner; i++) {
                for (int j = 0; j < a.n; j++) {
                  order[j] = j;
                  row[j] = Elements.get(data, type, a.index(o, j, i));
                }
                // Stable: equal values keep the lower index first.
                Arrays.sort(order, (x, y) -> Double.compare(row[y], row[x]));
                for (int j = 0; j < kk; j++) {
                  int dst = (o * kk + j) * a.inner + i;
                  copy(data, values, type, a.index(o, order[j], i), dst);
                  indices.putLong(dst * 8, order[j]);
                }
              }
            }
            Shape shape = Elements.withDim(t.shape(), axis, k);
            return List.of(
                Tensor.of("values", type, shape, values),
                Tensor.of("indices", DataType.INT64, shape, indices));
          });
    };
  }

  /** Returns {@code softmax} along {@code axis}: FP64 for FP64 input, else FP32. */
  static TensorFunction softmax() {
    return (inputs, attributes) -> {
      attributes.checkOnly(Set.of("axis"));
      TensorSpec in = single(inputs);
      numeric(in);
      ranked(in);
      int rank = in.shape().rank();
      int axis = Elements.axis(attributes.integer("axis", -1), rank, "axis");
      DataType outType = in.dataType() == DataType.FP64 ? DataType.FP64 : DataType.FP32;
      return BoundFunction.of(
          List.of(TensorSpec.of("output", outType, in.shape())),
          present -> {
            Tensor t = only(present, rank);
            Axis a = new Axis(t.shape(), axis);
            ByteBuffer data = t.data();
            ByteBuffer out = Elements.allocate(outType, t.elementCount());
            double[] row = new double[a.n];
            for (int o = 0; o < a.outer; o++) {
              for (int i = 0; i < a.inner; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < a.n; k++) {
                  row[k] = Elements.get(data, t.dataType(), a.index(o, k, i));
                  max = Math.max(max, row[k]);
                }
                double sum = 0;
                for (int k = 0; k < a.n; k++) {
                  row[k] = Math.exp(row[k] - max);
                  sum += row[k];
                }
                for (int k = 0; k < a.n; k++) {
                  Elements.put(out, outType, a.index(o, k, i), row[k] / sum);
                }
              }
            }
            return List.of(Tensor.of("output", outType, t.shape(), out));
          });
    };
  }

  private static void copy(ByteBuffer from, ByteBuffer to, DataType t, int src, int dst) {
    int size = t.byteSize();
    for (int b = 0; b < size; b++) {
      to.put(dst * size + b, from.get(src * size + b));
    }
  }

  /** Returns the shape with {@code axis} removed, or set to 1 when {@code keep}. */
  private static Shape reduced(Shape shape, int axis, boolean keep) {
    if (keep) {
      return Elements.withDim(shape, axis, 1);
    }
    List<Long> dims = new ArrayList<>(shape.toList());
    dims.remove(axis);
    return Shape.of(dims);
  }

  /** Indexes a concrete shape as outer × n × inner around one axis. */
  private static final class Axis {
    final int outer;
    final int n;
    final int inner;

    Axis(Shape shape, int axis) {
      this.outer = Math.toIntExact(Elements.product(shape, 0, axis));
      this.n = Math.toIntExact(shape.dim(axis));
      this.inner = Math.toIntExact(Elements.product(shape, axis + 1, shape.rank()));
    }

    int index(int o, int k, int i) {
      return (o * n + k) * inner + i;
    }
  }
}
