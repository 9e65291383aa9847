package io.medulla.graph;

import static io.medulla.graph.FunctionInputs.numeric;
import static io.medulla.graph.FunctionInputs.only;
import static io.medulla.graph.FunctionInputs.single;

import io.medulla.inference.DataType;
import io.medulla.inference.Tensor;
import io.medulla.inference.TensorSpec;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;

/** The element-wise built-ins: threshold, compare and cast. */
final class ElementwiseFunctions {
  private ElementwiseFunctions() {}

  /**
   * Returns {@code compare} (attribute {@code op} required) or {@code threshold} ({@code op}
   * defaults to {@code >=}): BOOL, true where {@code element <op> value}.
   */
  static TensorFunction compare(boolean isThreshold) {
    return (inputs, attributes) -> {
      attributes.checkOnly(Set.of("op", "value"));
      TensorSpec in = single(inputs);
      numeric(in);
      int rank = in.shape().rank();
      if (!isThreshold && !attributes.has("op")) {
        throw new IllegalArgumentException(
            "attribute 'op' is missing (expected: one of ==, !=, <, <=, >, >=)");
      }
      Condition.Comparison op = Condition.Comparison.of(attributes.string("op", ">="));
      double value = attributes.number("value");
      return BoundFunction.of(
          List.of(TensorSpec.of("output", DataType.BOOL, in.shape())),
          present -> {
            Tensor t = only(present, rank);
            ByteBuffer data = t.data();
            int n = Elements.count(t);
            ByteBuffer out = Elements.allocate(DataType.BOOL, n);
            for (int i = 0; i < n; i++) {
              out.put(i, (byte) (op.test(Elements.get(data, t.dataType(), i), value) ? 1 : 0));
            }
            return List.of(Tensor.of("output", DataType.BOOL, t.shape(), out));
          });
    };
  }

  /** Returns {@code cast}: converts to the type named by attribute {@code to}, as C casts do. */
  static TensorFunction cast() {
    return (inputs, attributes) -> {
      attributes.checkOnly(Set.of("to"));
      TensorSpec in = single(inputs);
      numeric(in);
      int rank = in.shape().rank();
      String name = attributes.string("to", "");
      DataType to =
          DataType.fromWireName(name)
              .filter(Elements::isNumeric)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "attribute 'to': '"
                              + name
                              + "' (expected: a numeric type or BOOL, such as FP32 or INT64)"));
      return BoundFunction.of(
          List.of(TensorSpec.of("output", to, in.shape())),
          present -> {
            Tensor t = only(present, rank);
            if (t.dataType() == to) {
              return List.of(t.withName("output"));
            }
            ByteBuffer data = t.data();
            int n = Elements.count(t);
            ByteBuffer out = Elements.allocate(to, n);
            boolean exact = Elements.isIntegral(t.dataType()) && Elements.isIntegral(to);
            for (int i = 0; i < n; i++) {
              if (exact) {
                Elements.putLong(out, to, i, Elements.getLong(data, t.dataType(), i));
              } else {
                Elements.put(out, to, i, Elements.get(data, t.dataType(), i));
              }
            }
            return List.of(Tensor.of("output", to, t.shape(), out));
          });
    };
  }
}
