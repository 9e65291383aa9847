package io.medulla.graph;

import io.medulla.inference.TensorSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated graph, ready to run: steps in a topological order with every reference resolved and
 * every type and shape checked. Immutable; made by {@link GraphValidator#validate}.
 */
public final class GraphPlan {
  private final GraphDefinition definition;
  private final List<PlannedStep> steps;
  private final List<PlannedOutput> outputs;
  private final Map<String, TensorSpec> inputs;
  private final Map<String, StepSignature> signatures;

  /**
   * One graph output, resolved.
   *
   * @param output the output as written
   * @param source the index of the step that makes it, or -1 for a graph input
   */
  record PlannedOutput(GraphOutput output, int source) {}

  GraphPlan(
      GraphDefinition definition,
      List<PlannedStep> steps,
      List<PlannedOutput> outputs,
      Map<String, StepSignature> signatures) {
    this.definition = definition;
    this.steps = List.copyOf(steps);
    this.outputs = List.copyOf(outputs);
    Map<String, TensorSpec> in = new LinkedHashMap<>();
    for (TensorSpec s : definition.inputs()) {
      in.put(s.name(), s);
    }
    this.inputs = Collections.unmodifiableMap(in);
    this.signatures = Map.copyOf(signatures);
  }

  /** Returns the graph as written. */
  public GraphDefinition definition() {
    return definition;
  }

  /** Returns the graph's name. */
  public String name() {
    return definition.name();
  }

  /** Returns the step names in the order the plan starts them (a topological order). */
  public List<String> stepOrder() {
    List<String> out = new ArrayList<>();
    for (PlannedStep s : steps) {
      out.add(s.name());
    }
    return out;
  }

  /** Returns, for each step, the names of the steps it waits for. */
  public Map<String, List<String>> dependencies() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (PlannedStep s : steps) {
      List<String> deps = new ArrayList<>();
      for (int d : s.dependencies()) {
        deps.add(steps.get(d).name());
      }
      out.put(s.name(), List.copyOf(deps));
    }
    return Collections.unmodifiableMap(out);
  }

  /** Returns the model signatures the plan was checked against, by model name. */
  public Map<String, StepSignature> signatures() {
    return signatures;
  }

  List<PlannedStep> steps() {
    return steps;
  }

  List<PlannedOutput> outputs() {
    return outputs;
  }

  Map<String, TensorSpec> inputs() {
    return inputs;
  }
}
