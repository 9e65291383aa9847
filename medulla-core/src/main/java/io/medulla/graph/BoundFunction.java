package io.medulla.graph;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.Tensor;
import io.medulla.inference.TensorSpec;
import java.util.List;
import java.util.Map;

/**
 * A {@link TensorFunction} bound to one step's inputs and attributes: knows its outputs and
 * computes them.
 */
public interface BoundFunction {
  /** Returns the outputs' names, types and shapes ({@code -1} where only known at run time). */
  List<TensorSpec> outputs();

  /**
   * Computes the outputs. Runs on the thread that completed the step's last input, or on the
   * graph's function executor when one is configured: it must be quick and must not block.
   *
   * @param inputs the present inputs by name
   * @return one tensor per output, named as {@link #outputs()} names them
   * @throws IllegalArgumentException or {@link io.medulla.inference.InferenceException} when the
   *     tensors do not fit (the message names the input, never its values)
   */
  List<Tensor> apply(Map<String, Tensor> inputs);

  /**
   * Returns whether the function runs when some inputs are absent (as {@code coalesce} does). By
   * default a step with an absent input is skipped.
   */
  default boolean runsWithAbsentInputs() {
    return false;
  }

  /** Body of a bound function, for {@link #of}. */
  @FunctionalInterface
  interface Body {
    /** Computes the outputs from the present inputs. */
    List<Tensor> apply(Map<String, Tensor> inputs);
  }

  /** Returns a bound function with the given outputs and body. */
  static BoundFunction of(List<TensorSpec> outputs, Body body) {
    List<TensorSpec> copy = List.copyOf(outputs);
    requireNonNull(body, "body");
    return new BoundFunction() {
      @Override
      public List<TensorSpec> outputs() {
        return copy;
      }

      @Override
      public List<Tensor> apply(Map<String, Tensor> inputs) {
        return body.apply(inputs);
      }
    };
  }
}
