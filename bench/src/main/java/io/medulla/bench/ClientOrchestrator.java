package io.medulla.bench;

import static java.util.Objects.requireNonNull;

import io.medulla.engine.InferenceEngine;
import io.medulla.graph.BoundFunction;
import io.medulla.graph.Condition;
import io.medulla.graph.FunctionAttributes;
import io.medulla.graph.FunctionRegistry;
import io.medulla.graph.GraphDefinition;
import io.medulla.graph.GraphStep;
import io.medulla.graph.StepCall;
import io.medulla.graph.TensorRef;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.RequestContext;
import io.medulla.inference.Tensor;
import io.medulla.inference.TensorSpec;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs a graph's steps the way a client without graphs would: one at a time, in a dependency order,
 * awaiting each model's response before sending the next request (the baseline of G6). It records
 * each step's last request so that the steps can also be measured alone.
 */
final class ClientOrchestrator {
  private final InferenceEngine engine;
  private final GraphDefinition graph;
  private final List<String> order;
  private final Map<String, BoundFunction> bound = new ConcurrentHashMap<>();
  final Map<String, InferenceRequest> modelRequests = new LinkedHashMap<>();
  final Map<String, Map<String, Tensor>> functionInputs = new LinkedHashMap<>();

  ClientOrchestrator(InferenceEngine engine, GraphDefinition graph, List<String> order) {
    this.engine = requireNonNull(engine, "engine");
    this.graph = requireNonNull(graph, "graph");
    this.order = List.copyOf(order);
  }

  /** Runs every step in order on the calling thread and returns the tensors made, by reference. */
  Map<String, Tensor> run(List<Tensor> inputs, RequestContext context) {
    Map<String, Tensor> made = new HashMap<>();
    for (Tensor t : inputs) {
      made.put(TensorRef.input(t.name()).toString(), t);
    }
    Map<String, GraphStep> steps = new HashMap<>();
    for (GraphStep s : graph.steps()) {
      steps.put(s.name(), s);
    }
    for (String name : order) {
      GraphStep s = requireNonNull(steps.get(name), "step");
      Map<String, Tensor> in = new LinkedHashMap<>();
      boolean run = true;
      for (Map.Entry<String, TensorRef> e : s.inputs().entrySet()) {
        Tensor t = made.get(e.getValue().toString());
        if (t == null) {
          run = false;
        } else {
          in.put(e.getKey(), t.withName(e.getKey()));
        }
      }
      for (Condition c : s.when()) {
        run &= c.holds(made.get(c.ref().toString()));
      }
      if (!run) {
        continue;
      }
      List<Tensor> outputs;
      if (s.call() instanceof StepCall.Model m) {
        InferenceRequest r =
            new InferenceRequest(
                m.model(), m.version(), "", List.copyOf(in.values()), List.of(), Map.of(), context);
        modelRequests.put(name, r);
        InferenceResponse response = engine.infer(r).join();
        outputs = response.outputs();
      } else {
        functionInputs.put(name, in);
        outputs = function(s, in).apply(in);
      }
      for (Tensor t : outputs) {
        made.put(name + "." + t.name(), t);
      }
    }
    return made;
  }

  /** Returns the step's function bound to the shapes it is called with (bound once). */
  BoundFunction function(GraphStep s, Map<String, Tensor> in) {
    return bound.computeIfAbsent(
        s.name(),
        k -> {
          StepCall.Function f = (StepCall.Function) s.call();
          Map<String, TensorSpec> specs = new LinkedHashMap<>();
          in.forEach((n, t) -> specs.put(n, TensorSpec.of(n, t.dataType(), t.shape())));
          return requireNonNull(FunctionRegistry.builtins().get(f.function()), "function")
              .bind(specs, new FunctionAttributes(f.attributes()));
        });
  }
}
