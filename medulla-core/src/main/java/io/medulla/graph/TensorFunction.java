package io.medulla.graph;

import io.medulla.inference.TensorSpec;
import java.util.Map;

/**
 * An in-process tensor function that graph steps call by name: the SPI for pre- and post-processing
 * glue that needs no model. Register implementations in a {@link FunctionRegistry} that the
 * composition root hands to the graph catalog; the built-ins (argmax, top_k, softmax, threshold,
 * compare, cast, reshape, slice, concat, coalesce) are registered the same way.
 *
 * <p>{@link #bind} runs once when a graph loads: it checks the step's inputs and attributes and
 * returns a {@link BoundFunction} that states the outputs' types and shapes, so that the validator
 * can check the steps that read them. Implementations are stateless and thread-safe.
 */
@FunctionalInterface
public interface TensorFunction {
  /**
   * Checks a step's inputs and attributes and returns the function bound to them.
   *
   * @param inputs the step's inputs by name, in the order the graph file lists them, with the type
   *     and shape the validator inferred ({@code -1} where unknown); {@link TensorSpec#optional()}
   *     marks an input whose tensor may be absent at run time
   * @param attributes the step's attributes
   * @throws IllegalArgumentException naming the input or attribute that is wrong and what was
   *     expected; the validator adds the graph and step
   */
  BoundFunction bind(Map<String, TensorSpec> inputs, FunctionAttributes attributes);
}
