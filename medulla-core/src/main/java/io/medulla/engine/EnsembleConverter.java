package io.medulla.engine;

import io.medulla.graph.ErrorPolicy;
import io.medulla.graph.GraphDefinition;
import io.medulla.graph.GraphOutput;
import io.medulla.graph.GraphStep;
import io.medulla.graph.InvalidGraphException;
import io.medulla.graph.StepCall;
import io.medulla.graph.TensorRef;
import io.medulla.inference.Shape;
import io.medulla.inference.TensorSpec;
import io.medulla.repository.EnsembleConfig;
import io.medulla.repository.EnsembleStep;
import io.medulla.repository.ModelInput;
import io.medulla.repository.ModelOutput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a Triton ensemble into a graph: each step becomes a model step named after its model
 * ({@code name_2}, ... when a model is called again), and each ensemble tensor becomes a reference
 * to the graph input or step output that makes it. The server runs ensembles this way, and the
 * capacity planner reads them this way, so both see the same steps.
 */
public final class EnsembleConverter {
  private EnsembleConverter() {}

  /**
   * Returns the graph of an ensemble.
   *
   * @throws InvalidGraphException when a tensor is made twice or read but never made
   */
  public static GraphDefinition convert(EnsembleConfig c) {
    String where = "ensemble '" + c.name() + "': ";
    boolean batched = c.maxBatchSize() > 0;
    List<TensorSpec> inputs = new ArrayList<>();
    Map<String, TensorRef> producers = new HashMap<>();
    for (ModelInput in : c.inputs()) {
      inputs.add(
          new TensorSpec(in.name(), in.dataType(), shape(batched, in.dims()), in.optional()));
      producers.put(in.name(), TensorRef.input(in.name()));
    }
    List<String> names = stepNames(c.steps());
    for (int i = 0; i < c.steps().size(); i++) {
      for (Map.Entry<String, String> e : c.steps().get(i).outputMap().entrySet()) {
        if (producers.put(e.getValue(), new TensorRef(names.get(i), e.getKey())) != null) {
          throw new InvalidGraphException(
              where
                  + "ensemble_scheduling.step["
                  + i
                  + "].output_map: tensor '"
                  + e.getValue()
                  + "' is already an ensemble input or another step's output (expected: each"
                  + " tensor made once)");
        }
      }
    }
    List<GraphStep> steps = new ArrayList<>();
    for (int i = 0; i < c.steps().size(); i++) {
      EnsembleStep s = c.steps().get(i);
      Map<String, TensorRef> bindings = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : s.inputMap().entrySet()) {
        TensorRef ref = producers.get(e.getValue());
        if (ref == null) {
          throw new InvalidGraphException(
              where
                  + "ensemble_scheduling.step["
                  + i
                  + "].input_map: tensor '"
                  + e.getValue()
                  + "' is neither an ensemble input nor a step's output (expected: one of them)");
        }
        bindings.put(e.getKey(), ref);
      }
      String version = s.modelVersion() < 0 ? "" : Long.toString(s.modelVersion());
      steps.add(
          new GraphStep(
              names.get(i),
              new StepCall.Model(s.modelName(), version),
              bindings,
              List.of(),
              null,
              ErrorPolicy.FAIL));
    }
    List<GraphOutput> outputs = new ArrayList<>();
    for (ModelOutput out : c.outputs()) {
      TensorRef ref = producers.get(out.name());
      if (ref == null) {
        throw new InvalidGraphException(
            where
                + "output '"
                + out.name()
                + "' is made by no step (expected: a step's output_map to name it)");
      }
      outputs.add(
          new GraphOutput(out.name(), out.dataType(), shape(batched, out.dims()), ref, false));
    }
    return new GraphDefinition(c.name(), inputs, outputs, steps);
  }

  private static Shape shape(boolean batched, Shape dims) {
    return batched ? dims.prepend(Shape.ANY) : dims;
  }

  private static List<String> stepNames(List<EnsembleStep> steps) {
    List<String> out = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (EnsembleStep s : steps) {
      String base = s.modelName().replaceAll("[^A-Za-z0-9_-]", "_");
      if (!GraphStep.isValidName(base)) {
        base = "step_" + base;
      }
      String name = base;
      for (int n = 2; !used.add(name); n++) {
        name = base + "_" + n;
      }
      out.add(name);
    }
    return out;
  }
}
