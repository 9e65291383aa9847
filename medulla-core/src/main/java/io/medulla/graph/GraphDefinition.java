package io.medulla.graph;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.TensorSpec;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A graph as written: its inputs and outputs with types and shapes, and its steps. Nothing here is
 * checked beyond the fields' own form; {@link GraphValidator} checks the whole.
 *
 * @param name the graph's name, which requests use as their model name
 * @param inputs the graph inputs, with shapes as callers send them ({@code -1} for any size)
 * @param outputs the graph outputs
 * @param steps the steps, in any order
 */
public record GraphDefinition(
    String name, List<TensorSpec> inputs, List<GraphOutput> outputs, List<GraphStep> steps) {
  /** Creates a definition; copies the lists. */
  public GraphDefinition {
    requireNonNull(name, "name");
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    steps = List.copyOf(steps);
  }

  /** Returns the names of the models its steps call, in step order, once each. */
  public Set<String> models() {
    Set<String> out = new LinkedHashSet<>();
    for (GraphStep s : steps) {
      if (s.call() instanceof StepCall.Model m) {
        out.add(m.model());
      }
    }
    return out;
  }
}
