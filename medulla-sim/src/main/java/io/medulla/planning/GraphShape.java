package io.medulla.planning;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A graph as the planner needs it: its steps, which model each calls and what it waits for. Built
 * from the graph's resource view ({@code GraphResourceView}) by the caller, so that planning does
 * not depend on the graph engine.
 *
 * @param graph the graph name
 * @param steps the steps, in any order
 */
public record GraphShape(String graph, List<GraphShape.Step> steps) {
  /**
   * One step.
   *
   * @param name the step name
   * @param model the model it calls, or null for a function step
   * @param dependsOn the steps it waits for
   * @param conditional whether it may be skipped (a condition, or inputs that may be absent)
   * @param callProbability the fraction of graph requests that call it (1 when not observed)
   */
  public record Step(
      String name,
      @Nullable String model,
      List<String> dependsOn,
      boolean conditional,
      double callProbability) {
    /** Validates the step and copies the list. */
    public Step {
      requireNonNull(name, "name");
      dependsOn = List.copyOf(dependsOn);
      if (!(callProbability >= 0 && callProbability <= 1)) {
        throw new IllegalArgumentException(
            name + ": callProbability " + callProbability + " (expected: 0 to 1)");
      }
    }
  }

  /** Validates the shape and copies the list. */
  public GraphShape {
    requireNonNull(graph, "graph");
    steps = List.copyOf(steps);
  }
}
