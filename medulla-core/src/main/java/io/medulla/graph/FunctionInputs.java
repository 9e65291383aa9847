package io.medulla.graph;

import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import io.medulla.inference.Tensor;
import io.medulla.inference.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checks shared by the built-in functions' {@code bind} and {@code apply}. */
final class FunctionInputs {
  private FunctionInputs() {}

  /** Returns the one input of a single-input function. */
  static TensorSpec single(Map<String, TensorSpec> inputs) {
    if (inputs.size() != 1) {
      throw new IllegalArgumentException(
          inputs.size()
              + " inputs "
              + inputs.keySet()
              + " (expected: exactly one, conventionally named 'input')");
    }
    return inputs.values().iterator().next();
  }

  /** Returns the inputs of a function that takes one or more, in order. */
  static List<TensorSpec> several(Map<String, TensorSpec> inputs) {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("no inputs (expected: at least one)");
    }
    return new ArrayList<>(inputs.values());
  }

  /** Rejects a BYTES input. */
  static void numeric(TensorSpec in) {
    if (!Elements.isNumeric(in.dataType())) {
      throw new IllegalArgumentException(
          "input '" + in.name() + "' is BYTES (expected: a numeric type or BOOL)");
    }
  }

  /** Rejects an input of rank 0. */
  static void ranked(TensorSpec in) {
    if (in.shape().rank() == 0) {
      throw new IllegalArgumentException(
          "input '" + in.name() + "' is a scalar (expected: at least one dimension)");
    }
  }

  /** Returns the one present tensor of a single-input function, with the rank it was bound for. */
  static Tensor only(Map<String, Tensor> inputs, int rank) {
    Tensor t = inputs.values().iterator().next();
    checkRank(t, rank);
    return t;
  }

  /** Rejects a tensor whose rank differs from the one checked at load. */
  static void checkRank(Tensor t, int rank) {
    if (t.shape().rank() != rank) {
      throw new IllegalArgumentException(
          "input '" + t.name() + "' has shape " + t.shape() + " (expected: rank " + rank + ")");
    }
  }

  /** Returns whether two dimensions can be equal: either unknown, or the same. */
  static boolean fits(long a, long b) {
    return a == Shape.ANY || b == Shape.ANY || a == b;
  }

  /** Returns whether every input has the type of the first. */
  static DataType sameType(List<TensorSpec> specs) {
    DataType t = specs.get(0).dataType();
    for (TensorSpec s : specs) {
      if (s.dataType() != t) {
        throw new IllegalArgumentException(
            "input '"
                + s.name()
                + "' is "
                + s.dataType()
                + " (expected: "
                + t
                + ", the type of input '"
                + specs.get(0).name()
                + "')");
      }
    }
    return t;
  }
}
