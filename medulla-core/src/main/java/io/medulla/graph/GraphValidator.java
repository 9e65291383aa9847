package io.medulla.graph;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import io.medulla.inference.TensorSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Checks a whole graph and turns it into a {@link GraphPlan}: names are unique, every reference
 * points at a graph input or an earlier step's output, there is no cycle, every model and function
 * exists, types and shapes agree between steps, conditions test tensors they can read, every step
 * and input is used, and a required output can never be absent. Each message names the graph, the
 * step and the field.
 */
public final class GraphValidator {
  private final GraphDefinition graph;
  private final SignatureLookup models;
  private final FunctionRegistry functions;
  private final Map<String, GraphStep> byName = new LinkedHashMap<>();
  private final Map<String, Integer> order = new HashMap<>();
  private final List<ResolvedStep> resolved = new ArrayList<>();
  private final Map<String, StepSignature> signatures = new LinkedHashMap<>();

  private GraphValidator(
      GraphDefinition graph, SignatureLookup models, FunctionRegistry functions) {
    this.graph = graph;
    this.models = models;
    this.functions = functions;
  }

  /** What the validator knows of a step once its inputs are resolved. */
  private record ResolvedStep(
      GraphStep step,
      List<Integer> dependencies,
      List<PlannedStep.Binding> inputs,
      List<PlannedStep.Check> conditions,
      Map<String, TensorSpec> outputs,
      List<String> outputOrder,
      @Nullable BoundFunction function,
      String absentReason) {}

  /**
   * Returns the plan of a valid graph.
   *
   * @throws InvalidGraphException naming the graph, step and field of the first problem
   */
  public static GraphPlan validate(
      GraphDefinition graph, SignatureLookup models, FunctionRegistry functions) {
    return new GraphValidator(graph, models, functions).run();
  }

  private GraphPlan run() {
    checkNames();
    for (GraphStep s : sort()) {
      order.put(s.name(), resolved.size());
      resolved.add(resolve(s));
    }
    List<GraphPlan.PlannedOutput> outputs = new ArrayList<>();
    Map<String, Set<String>> consumed = consumers(outputs);
    List<PlannedStep> steps = new ArrayList<>();
    for (int i = 0; i < resolved.size(); i++) {
      ResolvedStep r = resolved.get(i);
      Set<String> used = consumed.getOrDefault(r.step().name(), Set.of());
      if (used.isEmpty()) {
        throw fail(
            r.step(),
            "",
            "nothing reads its outputs (expected: a graph output, a later step's input or a"
                + " condition to use it; remove the step otherwise)");
      }
      List<String> requested = r.outputOrder().stream().filter(used::contains).toList();
      steps.add(
          new PlannedStep(
              r.step(),
              i,
              r.dependencies(),
              r.inputs(),
              r.conditions(),
              r.outputs(),
              requested,
              r.step().call() instanceof StepCall.Function ? r.function() : null,
              !r.absentReason().isEmpty()));
    }
    return new GraphPlan(graph, steps, outputs, signatures);
  }

  private void checkNames() {
    if (graph.outputs().isEmpty()) {
      throw new InvalidGraphException(where() + "outputs: none (expected: at least one)");
    }
    if (graph.steps().isEmpty()) {
      throw new InvalidGraphException(where() + "steps: none (expected: at least one)");
    }
    Set<String> seen = new HashSet<>();
    for (TensorSpec in : graph.inputs()) {
      if (!seen.add(in.name())) {
        throw new InvalidGraphException(
            where() + "inputs: '" + in.name() + "' is declared twice (expected: unique names)");
      }
    }
    seen.clear();
    for (GraphOutput out : graph.outputs()) {
      if (!seen.add(out.name())) {
        throw new InvalidGraphException(
            where() + "outputs: '" + out.name() + "' is declared twice (expected: unique names)");
      }
    }
    for (GraphStep s : graph.steps()) {
      if (byName.putIfAbsent(s.name(), s) != null) {
        throw new InvalidGraphException(
            where() + "steps: '" + s.name() + "' is declared twice (expected: unique names)");
      }
    }
  }

  /** Returns the steps in a topological order (file order among independent steps). */
  private List<GraphStep> sort() {
    List<GraphStep> out = new ArrayList<>();
    Map<String, Integer> state = new HashMap<>(); // 1 visiting, 2 done
    for (GraphStep s : graph.steps()) {
      visit(s, state, new ArrayList<>(), out);
    }
    return out;
  }

  private void visit(
      GraphStep s, Map<String, Integer> state, List<String> path, List<GraphStep> out) {
    Integer st = state.get(s.name());
    if (st != null && st == 2) {
      return;
    }
    if (st != null) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(s.name()), path.size()));
      cycle.add(s.name());
      throw new InvalidGraphException(
          where()
              + "steps form a cycle: "
              + String.join(" -> ", cycle)
              + " (expected: each step to read only from steps that do not read from it)");
    }
    state.put(s.name(), 1);
    path.add(s.name());
    for (Map.Entry<String, TensorRef> e : references(s).entrySet()) {
      TensorRef ref = e.getValue();
      if (ref.isGraphInput()) {
        if (graph.inputs().stream().noneMatch(i -> i.name().equals(ref.tensor()))) {
          throw fail(
              s,
              e.getKey(),
              "'"
                  + ref
                  + "' names no graph input (expected one of: "
                  + names(graph.inputs().stream().map(TensorSpec::name).toList())
                  + ")");
        }
        continue;
      }
      GraphStep source = byName.get(ref.source());
      if (source == null) {
        throw fail(
            s,
            e.getKey(),
            "'"
                + ref
                + "' names no step (expected: inputs.<input> or one of the steps "
                + names(byName.keySet())
                + ")");
      }
      visit(source, state, path, out);
    }
    path.remove(path.size() - 1);
    state.put(s.name(), 2);
    out.add(s);
  }

  /** Returns every reference of a step, keyed by the field that holds it. */
  private static Map<String, TensorRef> references(GraphStep s) {
    Map<String, TensorRef> refs = new LinkedHashMap<>();
    s.inputs().forEach((name, ref) -> refs.put("inputs." + name, ref));
    for (int i = 0; i < s.when().size(); i++) {
      refs.put("when[" + i + "]", s.when().get(i).ref());
    }
    return refs;
  }

  private ResolvedStep resolve(GraphStep s) {
    Set<Integer> deps = new HashSet<>();
    Map<String, TensorSpec> inputSpecs = new LinkedHashMap<>();
    for (Map.Entry<String, TensorRef> e : s.inputs().entrySet()) {
      TensorSpec source = spec(s, "inputs." + e.getKey(), e.getValue(), deps);
      inputSpecs.put(
          e.getKey(),
          new TensorSpec(e.getKey(), source.dataType(), source.shape(), absent(e.getValue())));
    }
    List<PlannedStep.Check> checks = new ArrayList<>();
    for (int i = 0; i < s.when().size(); i++) {
      Condition c = s.when().get(i);
      TensorSpec source = spec(s, "when[" + i + "]", c.ref(), deps);
      if (!c.isExistenceTest() && source.dataType() == DataType.BYTES) {
        throw fail(
            s,
            "when[" + i + "]",
            "'"
                + c.text()
                + "' compares BYTES tensor '"
                + c.ref()
                + "' with a number (expected: a numeric or BOOL tensor, or present()/absent())");
      }
      checks.add(new PlannedStep.Check(c, sourceIndex(c.ref())));
    }
    String reason =
        !s.when().isEmpty()
            ? "it has a 'when' condition"
            : s.onError() == ErrorPolicy.CONTINUE ? "its on_error is continue" : "";
    ResolvedStep r;
    if (s.call() instanceof StepCall.Model m) {
      r = resolveModel(s, m, inputSpecs, deps, checks, reason);
    } else {
      r = resolveFunction(s, (StepCall.Function) s.call(), inputSpecs, deps, checks, reason);
    }
    return r;
  }

  private ResolvedStep resolveModel(
      GraphStep s,
      StepCall.Model m,
      Map<String, TensorSpec> inputSpecs,
      Set<Integer> deps,
      List<PlannedStep.Check> checks,
      String reason) {
    StepSignature sig = models.signature(m.model(), m.version());
    if (sig == null) {
      throw fail(
          s, "model", "unknown model '" + m.model() + "' (expected: a model in the repository)");
    }
    signatures.put(m.model(), sig);
    Map<String, TensorSpec> declared = new LinkedHashMap<>();
    for (TensorSpec in : sig.inputs()) {
      declared.put(in.name(), in);
    }
    List<PlannedStep.Binding> bindings = new ArrayList<>();
    String absentReason = reason;
    for (Map.Entry<String, TensorSpec> e : inputSpecs.entrySet()) {
      TensorSpec want = declared.get(e.getKey());
      String field = "inputs." + e.getKey();
      if (want == null) {
        throw fail(
            s,
            field,
            "model '"
                + m.model()
                + "' has no input '"
                + e.getKey()
                + "' (expected one of: "
                + names(declared.keySet())
                + ")");
      }
      TensorRef ref = requireNonNull(s.inputs().get(e.getKey()), "ref");
      checkFits(s, field, ref, e.getValue(), want, "model input");
      bindings.add(new PlannedStep.Binding(e.getKey(), ref, sourceIndex(ref), !want.optional()));
      if (absentReason.isEmpty() && !want.optional() && e.getValue().optional()) {
        absentReason = "it reads " + ref + ", which may be absent";
      }
    }
    for (TensorSpec want : sig.inputs()) {
      if (!want.optional() && !inputSpecs.containsKey(want.name())) {
        throw fail(
            s,
            "inputs",
            "model input '"
                + want.name()
                + "' is not bound (expected: inputs."
                + want.name()
                + ": <step>.<output> or inputs.<input>)");
      }
    }
    Map<String, TensorSpec> outputs = new LinkedHashMap<>();
    for (TensorSpec out : sig.outputs()) {
      outputs.put(out.name(), out);
    }
    return new ResolvedStep(
        s,
        sorted(deps),
        bindings,
        checks,
        outputs,
        List.copyOf(outputs.keySet()),
        null,
        absentReason);
  }

  private ResolvedStep resolveFunction(
      GraphStep s,
      StepCall.Function f,
      Map<String, TensorSpec> inputSpecs,
      Set<Integer> deps,
      List<PlannedStep.Check> checks,
      String reason) {
    TensorFunction fn = functions.get(f.function());
    if (fn == null) {
      throw fail(
          s,
          "function",
          "unknown function '"
              + f.function()
              + "' (expected one of: "
              + names(functions.names())
              + ")");
    }
    if (s.timeout() != null) {
      throw fail(s, "timeout", "set on a function step (expected: only on model steps)");
    }
    BoundFunction bound;
    try {
      bound = fn.bind(inputSpecs, new FunctionAttributes(f.attributes()));
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw fail(s, "function " + f.function(), String.valueOf(e.getMessage()));
    }
    List<PlannedStep.Binding> bindings = new ArrayList<>();
    boolean allAbsent = !inputSpecs.isEmpty();
    String absentReason = reason;
    for (Map.Entry<String, TensorSpec> e : inputSpecs.entrySet()) {
      TensorRef ref = requireNonNull(s.inputs().get(e.getKey()), "ref");
      bindings.add(
          new PlannedStep.Binding(
              e.getKey(), ref, sourceIndex(ref), !bound.runsWithAbsentInputs()));
      allAbsent &= e.getValue().optional();
      if (absentReason.isEmpty() && !bound.runsWithAbsentInputs() && e.getValue().optional()) {
        absentReason = "it reads " + ref + ", which may be absent";
      }
    }
    if (absentReason.isEmpty() && bound.runsWithAbsentInputs() && allAbsent) {
      absentReason = "every input it reads may be absent";
    }
    Map<String, TensorSpec> outputs = new LinkedHashMap<>();
    for (TensorSpec out : bound.outputs()) {
      outputs.put(out.name(), out);
    }
    return new ResolvedStep(
        s,
        sorted(deps),
        bindings,
        checks,
        outputs,
        List.copyOf(outputs.keySet()),
        bound,
        absentReason);
  }

  /** Returns the spec of a referenced tensor and records its step as a dependency. */
  private TensorSpec spec(GraphStep s, String field, TensorRef ref, Set<Integer> deps) {
    if (ref.isGraphInput()) {
      for (TensorSpec in : graph.inputs()) {
        if (in.name().equals(ref.tensor())) {
          return in;
        }
      }
      throw new IllegalStateException("unchecked graph input " + ref);
    }
    int index = indexOf(ref.source());
    deps.add(index);
    ResolvedStep source = resolved.get(index);
    TensorSpec out = source.outputs().get(ref.tensor());
    if (out == null) {
      throw fail(
          s,
          field,
          "step '"
              + ref.source()
              + "' has no output '"
              + ref.tensor()
              + "' (expected one of: "
              + names(source.outputs().keySet())
              + ")");
    }
    return out;
  }

  private boolean absent(TensorRef ref) {
    return !absentReason(ref).isEmpty();
  }

  /** Returns why a tensor may be absent at run time, or empty when it is always present. */
  private String absentReason(TensorRef ref) {
    if (ref.isGraphInput()) {
      boolean optional =
          graph.inputs().stream().anyMatch(i -> i.name().equals(ref.tensor()) && i.optional());
      return optional ? "graph input '" + ref.tensor() + "' is optional" : "";
    }
    return resolved.get(indexOf(ref.source())).absentReason();
  }

  private int sourceIndex(TensorRef ref) {
    return ref.isGraphInput() ? -1 : indexOf(ref.source());
  }

  private void checkFits(
      GraphStep s, String field, TensorRef ref, TensorSpec have, TensorSpec want, String what) {
    if (have.dataType() != want.dataType()) {
      throw fail(
          s,
          field,
          ref
              + " is "
              + have.dataType()
              + " (expected: "
              + want.dataType()
              + ", the "
              + what
              + "'s type)");
    }
    if (!fits(have.shape(), want.shape())) {
      throw fail(
          s,
          field,
          ref
              + " has shape "
              + have.shape()
              + " (expected: "
              + want.shape()
              + ", the "
              + what
              + "'s shape; -1 fits any size)");
    }
  }

  /** Returns whether two shapes can describe the same tensor. */
  static boolean fits(Shape a, Shape b) {
    if (a.rank() != b.rank()) {
      return false;
    }
    for (int i = 0; i < a.rank(); i++) {
      if (!FunctionInputs.fits(a.dim(i), b.dim(i))) {
        return false;
      }
    }
    return true;
  }

  /** Resolves the outputs and returns, per step, the names of its outputs something reads. */
  private Map<String, Set<String>> consumers(List<GraphPlan.PlannedOutput> outputs) {
    Map<String, Set<String>> used = new HashMap<>();
    Set<String> inputsUsed = new HashSet<>();
    for (ResolvedStep r : resolved) {
      for (TensorRef ref : references(r.step()).values()) {
        use(ref, used, inputsUsed);
      }
    }
    for (GraphOutput out : graph.outputs()) {
      String field = "outputs." + out.name() + ".from";
      TensorSpec have;
      if (out.from().isGraphInput()) {
        have =
            graph.inputs().stream()
                .filter(i -> i.name().equals(out.from().tensor()))
                .findFirst()
                .orElseThrow(
                    () ->
                        new InvalidGraphException(
                            where() + field + ": '" + out.from() + "' names no graph input"));
      } else {
        Integer index = order.get(out.from().source());
        if (index == null) {
          throw new InvalidGraphException(
              where()
                  + field
                  + ": '"
                  + out.from()
                  + "' names no step (expected one of the steps "
                  + names(byName.keySet())
                  + ")");
        }
        have = resolved.get(index).outputs().get(out.from().tensor());
        if (have == null) {
          throw new InvalidGraphException(
              where()
                  + field
                  + ": step '"
                  + out.from().source()
                  + "' has no output '"
                  + out.from().tensor()
                  + "' (expected one of: "
                  + names(resolved.get(index).outputs().keySet())
                  + ")");
        }
      }
      if (have.dataType() != out.dataType() || !fits(have.shape(), out.shape())) {
        throw new InvalidGraphException(
            where()
                + "outputs."
                + out.name()
                + ": declared "
                + out.dataType()
                + out.shape()
                + " but "
                + out.from()
                + " is "
                + have.dataType()
                + have.shape()
                + " (expected: the same type and a shape that fits)");
      }
      String reason = absentReason(out.from());
      if (!out.optional() && !reason.isEmpty()) {
        throw new InvalidGraphException(
            where()
                + "outputs."
                + out.name()
                + ": comes from step '"
                + out.from().source()
                + "', which may be absent because "
                + reason
                + " (expected: optional: true on this output)");
      }
      use(out.from(), used, inputsUsed);
      outputs.add(new GraphPlan.PlannedOutput(out, sourceIndex(out.from())));
    }
    for (TensorSpec in : graph.inputs()) {
      if (!inputsUsed.contains(in.name())) {
        throw new InvalidGraphException(
            where()
                + "inputs."
                + in.name()
                + ": no step or output reads it (expected: every input used; remove it otherwise)");
      }
    }
    return used;
  }

  private static void use(TensorRef ref, Map<String, Set<String>> used, Set<String> inputsUsed) {
    if (ref.isGraphInput()) {
      inputsUsed.add(ref.tensor());
    } else {
      used.computeIfAbsent(ref.source(), k -> new HashSet<>()).add(ref.tensor());
    }
  }

  private int indexOf(String step) {
    return requireNonNull(order.get(step), "step");
  }

  private String where() {
    return "graph '" + graph.name() + "': ";
  }

  private InvalidGraphException fail(GraphStep s, String field, String what) {
    return new InvalidGraphException(
        where() + "step '" + s.name() + "'" + (field.isEmpty() ? "" : ": " + field) + ": " + what);
  }

  private static List<Integer> sorted(Set<Integer> deps) {
    return List.copyOf(new TreeSet<>(deps));
  }

  private static String names(java.util.Collection<String> names) {
    return names.isEmpty() ? "none" : String.join(", ", new LinkedHashSet<>(names));
  }
}
