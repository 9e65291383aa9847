package io.medulla.graph;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one invocation of a graph costs, for capacity planning: which models it calls and how often
 * (a conditional step counts with the probability observed so far that it runs), and its critical
 * path (the longest chain of dependent steps, by observed mean step time once every model step has
 * run, else by the number of model steps).
 *
 * @param graph the graph's name
 * @param models each model it calls, with the expected calls per invocation
 * @param steps each step, in plan order
 * @param criticalPath the step names on the critical path, in order
 * @param criticalPathBasis {@code "observed_mean_nanos"} or {@code "model_steps"}
 * @param criticalPathCost the path's length in that basis
 */
public record GraphResourceView(
    String graph,
    List<ModelUse> models,
    List<StepView> steps,
    List<String> criticalPath,
    String criticalPathBasis,
    double criticalPathCost) {
  /**
   * One model and how much a graph invocation uses it.
   *
   * @param model the model name
   * @param version the version the steps ask for ({@code ""}: the version policy's choice)
   * @param callsPerInvocation the expected number of calls per graph invocation
   * @param steps the steps that call it
   */
  public record ModelUse(
      String model, String version, double callsPerInvocation, List<String> steps) {}

  /**
   * One step as the planner sees it.
   *
   * @param name the step name
   * @param kind {@code "model"} or {@code "function"}
   * @param target the model or function name
   * @param dependsOn the steps it waits for
   * @param conditional whether its outputs may be absent (a condition, on_error continue, or an
   *     input that may be absent)
   * @param callProbability the probability it is called per invocation: observed when {@code
   *     observed}, else 1 (the upper bound)
   * @param observed whether the probability and mean come from counted requests
   * @param samples how many requests reached it
   * @param meanNanos its mean run time, or -1 before it first ran
   */
  public record StepView(
      String name,
      String kind,
      String target,
      List<String> dependsOn,
      boolean conditional,
      double callProbability,
      boolean observed,
      long samples,
      long meanNanos) {}

  /** Creates a view; copies the lists. */
  public GraphResourceView {
    requireNonNull(graph, "graph");
    models = List.copyOf(models);
    steps = List.copyOf(steps);
    criticalPath = List.copyOf(criticalPath);
    requireNonNull(criticalPathBasis, "criticalPathBasis");
  }

  /** Returns the view of {@code plan} given what {@code statistics} observed. */
  public static GraphResourceView of(GraphPlan plan, GraphStatistics statistics) {
    List<StepView> views = new ArrayList<>();
    Map<String, ModelUse> models = new LinkedHashMap<>();
    boolean allObserved = true;
    for (PlannedStep p : plan.steps()) {
      GraphStatistics.StepCounts c = statistics.step(plan.name(), p.name());
      boolean observed = c.reached() > 0;
      double probability = observed ? (double) c.called() / c.reached() : 1.0;
      views.add(
          new StepView(
              p.name(),
              p.isModel() ? "model" : "function",
              p.step().call().target(),
              dependsOn(plan, p),
              p.mayBeAbsent(),
              probability,
              observed,
              c.reached(),
              c.meanNanos()));
      if (p.step().call() instanceof StepCall.Model m) {
        allObserved &= c.ran() > 0;
        String key = m.model() + "\u0000" + m.version();
        ModelUse old = models.get(key);
        List<String> steps = new ArrayList<>(old == null ? List.of() : old.steps());
        steps.add(p.name());
        models.put(
            key,
            new ModelUse(
                m.model(),
                m.version(),
                (old == null ? 0 : old.callsPerInvocation()) + probability,
                steps));
      }
    }
    double[] cost = new double[views.size()];
    int[] previous = new int[views.size()];
    int end = -1;
    for (PlannedStep p : plan.steps()) {
      StepView v = views.get(p.index());
      double own = allObserved ? Math.max(0, v.meanNanos()) : (p.isModel() ? 1 : 0);
      int best = -1;
      for (int d : p.dependencies()) {
        if (best < 0 || cost[d] > cost[best]) {
          best = d;
        }
      }
      previous[p.index()] = best;
      double before = best < 0 ? 0 : cost[best];
      cost[p.index()] = before + own;
      if (end < 0 || cost[p.index()] > cost[end]) {
        end = p.index();
      }
    }
    List<String> path = new ArrayList<>();
    for (int i = end; i >= 0; i = previous[i]) {
      path.add(views.get(i).name());
    }
    Collections.reverse(path);
    return new GraphResourceView(
        plan.name(),
        List.copyOf(models.values()),
        views,
        path,
        allObserved ? "observed_mean_nanos" : "model_steps",
        end < 0 ? 0 : cost[end]);
  }

  private static List<String> dependsOn(GraphPlan plan, PlannedStep p) {
    List<String> out = new ArrayList<>();
    for (int d : p.dependencies()) {
      out.add(plan.steps().get(d).name());
    }
    return out;
  }

  /**
   * Returns the view as a tree of maps, lists, strings, numbers and booleans with snake_case keys,
   * for the protocol layer to render as JSON.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("graph", graph);
    List<Object> modelList = new ArrayList<>();
    for (ModelUse m : models) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("model", m.model());
      e.put("version", m.version());
      e.put("calls_per_invocation", m.callsPerInvocation());
      e.put("steps", m.steps());
      modelList.add(e);
    }
    out.put("models", modelList);
    List<Object> stepList = new ArrayList<>();
    for (StepView s : steps) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("name", s.name());
      e.put("kind", s.kind());
      e.put("target", s.target());
      e.put("depends_on", s.dependsOn());
      e.put("conditional", s.conditional());
      e.put("call_probability", s.callProbability());
      e.put("observed", s.observed());
      e.put("samples", s.samples());
      e.put("mean_us", s.meanNanos() < 0 ? -1 : s.meanNanos() / 1000.0);
      stepList.add(e);
    }
    out.put("steps", stepList);
    Map<String, Object> path = new LinkedHashMap<>();
    path.put("steps", criticalPath);
    path.put("basis", criticalPathBasis);
    path.put("cost", criticalPathCost);
    out.put("critical_path", path);
    return Collections.unmodifiableMap(out);
  }
}
