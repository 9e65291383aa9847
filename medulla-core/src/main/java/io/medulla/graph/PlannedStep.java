package io.medulla.graph;

import io.medulla.inference.TensorSpec;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One step of a {@link GraphPlan}, resolved: where each input comes from, which outputs later steps
 * need, and (for a function) the bound function.
 *
 * @param step the step as written
 * @param index its position in the plan's topological order
 * @param dependencies the indices of the steps it reads from (inputs and conditions), ascending
 * @param inputs its inputs, in the order written
 * @param conditions its conditions
 * @param outputs every output it makes available, by name
 * @param requestedOutputs the outputs later steps or the graph read, in the callee's order
 * @param function the bound function of a function step; null for a model step
 * @param mayBeAbsent whether its outputs may be absent at run time
 */
record PlannedStep(
    GraphStep step,
    int index,
    List<Integer> dependencies,
    List<Binding> inputs,
    List<Check> conditions,
    Map<String, TensorSpec> outputs,
    List<String> requestedOutputs,
    @Nullable BoundFunction function,
    boolean mayBeAbsent) {

  /**
   * One input binding.
   *
   * @param name the callee's input name
   * @param ref the tensor it reads
   * @param source the index of the step that makes it, or -1 for a graph input
   * @param required whether the callee needs it (an absent required input skips the step)
   */
  record Binding(String name, TensorRef ref, int source, boolean required) {}

  /**
   * One condition with its tensor's source.
   *
   * @param condition the condition
   * @param source the index of the step that makes its tensor, or -1 for a graph input
   */
  record Check(Condition condition, int source) {}

  /** Returns the step's name. */
  String name() {
    return step.name();
  }

  /** Returns whether it calls a model. */
  boolean isModel() {
    return function == null;
  }
}
