package io.medulla.simulation;

import static java.util.Objects.requireNonNull;

import io.medulla.graph.GraphExecutor;
import io.medulla.graph.GraphPlan;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.Inferencer;
import io.medulla.inference.ModelNotFoundException;
import io.medulla.inference.Tensor;
import io.medulla.scheduling.SchedulerListener;
import io.medulla.time.VirtualClock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * One simulated server: a {@link ModelRuntime} (the real scheduler) per model of a {@link
 * Simulator}, the real {@link GraphExecutor} per graph, whose steps go to those models, and, when
 * the simulator models it, the host's cores. A plain simulation runs one; a replica run one per
 * replica. Confined to the run's thread.
 */
final class ServerStack {
  /** Where a target's requests go, and the placeholder inputs they carry. */
  record Target(Inferencer inferencer, List<Tensor> inputs) {}

  /** By name, for routing; a HashMap because it is only looked up. */
  private final Map<String, ModelRuntime> models = new HashMap<>();

  private final List<ModelRuntime> sortedModels = new ArrayList<>();
  private final Map<String, Target> targets = new TreeMap<>();
  private final int instances;
  private final @Nullable HostCores cores;

  /**
   * Builds the stack on {@code clock}.
   *
   * @param label added to each model's random stream, so that replicas draw apart; empty for a
   *     plain simulation
   * @param listener told of every scheduler event besides the run's own accounting
   */
  ServerStack(
      Simulator simulator,
      VirtualClock clock,
      SimulationWindow window,
      long seed,
      String label,
      SchedulerListener listener) {
    HostCpu host = simulator.hostCpu();
    HostCores hostCores = host == null ? null : new HostCores(clock, host.cores());
    this.cores = hostCores;
    // Each device is one execution unit, time-shared by the instances placed on it.
    Map<String, HostCores> devices = new TreeMap<>();
    int n = 0;
    for (SimulatedModel m : simulator.models().values()) {
      List<String> placed = simulator.devices().get(m.name());
      IntFunction<@Nullable HostCores> executionCores;
      if (placed == null) {
        executionCores = i -> hostCores;
      } else {
        List<HostCores> byInstance = new ArrayList<>();
        for (String device : placed) {
          byInstance.add(devices.computeIfAbsent(device, d -> new HostCores(clock, 1)));
        }
        executionCores = byInstance::get;
      }
      ModelRuntime runtime =
          new ModelRuntime(
              m,
              simulator.executionTimes(),
              simulator.tenantPolicies(),
              clock,
              window,
              seed,
              label,
              listener,
              executionCores);
      models.put(m.name(), runtime);
      sortedModels.add(runtime);
      n += m.instances();
    }
    this.instances = n;
    Inferencer steps = this::routeToModel;
    for (SimulatedModel m : simulator.models().values()) {
      targets.put(m.name(), new Target(steps, inputsOf(simulator, m.name())));
    }
    for (GraphPlan plan : simulator.graphs().values()) {
      GraphExecutor executor =
          GraphExecutor.builder(plan, steps).ticker(clock).timer(clock).build();
      targets.put(plan.name(), new Target(executor, inputsOf(simulator, plan.name())));
    }
  }

  /** Returns the placeholder inputs of a request for {@code target}, a model or graph. */
  static List<Tensor> inputsOf(Simulator simulator, String target) {
    SimulatedModel m = simulator.models().get(target);
    if (m != null) {
      return Placeholders.of(m.inputs());
    }
    GraphPlan plan = requireNonNull(simulator.graphs().get(target), target);
    return Placeholders.of(plan.definition().inputs());
  }

  /** Returns where requests for {@code name}, a model or graph of the simulator, go. */
  Target target(String name) {
    return requireNonNull(targets.get(name), name);
  }

  /** Returns the models, in name order. */
  List<ModelRuntime> models() {
    return sortedModels;
  }

  /**
   * Returns the server's host cores, shared by executions and request stages; null when not
   * modelled.
   */
  @Nullable HostCores cores() {
    return cores;
  }

  /** Returns the instances of every model together. */
  int instances() {
    return instances;
  }

  private CompletableFuture<InferenceResponse> routeToModel(InferenceRequest request) {
    ModelRuntime m = models.get(request.modelName());
    if (m == null) {
      return CompletableFuture.failedFuture(
          new ModelNotFoundException(request.modelName(), request.modelVersion()));
    }
    return m.schedule(request);
  }
}
