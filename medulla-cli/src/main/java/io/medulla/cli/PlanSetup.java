package io.medulla.cli;

import static java.util.Objects.requireNonNull;

import io.medulla.graph.GraphDefinition;
import io.medulla.graph.GraphResourceView;
import io.medulla.graph.GraphStatistics;
import io.medulla.graph.GraphStep;
import io.medulla.graph.StepCall;
import io.medulla.inference.Shape;
import io.medulla.inference.TensorSpec;
import io.medulla.planning.GraphShape;
import io.medulla.planning.Profiles;
import io.medulla.repository.ModelConfig;
import io.medulla.repository.ModelInput;
import io.medulla.repository.ModelOutput;
import io.medulla.runtime.ModelProfile;
import io.medulla.server.PlanningRepository;
import io.medulla.server.ProfileFile;
import io.medulla.simulation.ExecutionPercentiles;
import io.medulla.simulation.ExecutionTimes;
import io.medulla.simulation.SimulatedModel;
import io.medulla.simulation.Simulator;
import io.medulla.simulation.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a plan reads from the model repository: the graphs the workload calls, every model's profile
 * and completed configuration; and how it builds a {@link Simulator} for given instance counts.
 * Immutable after {@link #read}.
 */
final class PlanSetup {
  /** A model the workload needs has no {@code profile.json}. */
  static final class MissingProfile extends RuntimeException {
    private static final long serialVersionUID = 1;

    MissingProfile(String message) {
      super(message);
    }
  }

  final Path repository;
  final Map<String, GraphDefinition> graphs;
  final Map<String, ModelProfile> profiles;
  final Map<String, ModelConfig> configs;
  final Map<String, GraphShape> shapes;

  private PlanSetup(
      Path repository,
      Map<String, GraphDefinition> graphs,
      Map<String, ModelProfile> profiles,
      Map<String, ModelConfig> configs) {
    this.repository = repository;
    this.graphs = graphs;
    this.profiles = profiles;
    this.configs = configs;
    Map<String, Integer> one = new TreeMap<>();
    configs.keySet().forEach(m -> one.put(m, 1));
    Map<String, GraphShape> s = new TreeMap<>();
    simulator(one, Map.of())
        .graphs()
        .forEach(
            (name, plan) -> s.put(name, shape(GraphResourceView.of(plan, new GraphStatistics()))));
    this.shapes = s;
  }

  /**
   * Reads what {@code workload} needs from {@code repository}.
   *
   * @throws MissingProfile naming the model and the command that makes its profile
   * @throws IllegalArgumentException for an unknown target or an invalid graph
   */
  static PlanSetup read(Path repository, Workload workload) {
    Map<String, GraphDefinition> graphs = new TreeMap<>();
    SortedSet<String> models = new TreeSet<>();
    for (String target : workload.targets()) {
      GraphDefinition graph = PlanningRepository.readGraph(repository, target);
      if (graph == null) {
        if (!Files.isDirectory(repository.resolve(target))) {
          throw new IllegalArgumentException(
              "workload target '" + target + "': no such model or graph in " + repository);
        }
        models.add(target);
        continue;
      }
      graphs.put(target, graph);
      for (GraphStep step : graph.steps()) {
        if (step.call() instanceof StepCall.Model m) {
          models.add(m.model());
        }
      }
    }
    Map<String, ModelProfile> profiles = new TreeMap<>();
    for (String model : models) {
      Path file = ProfileFile.defaultPath(repository, model);
      if (!Files.isRegularFile(file)) {
        throw new MissingProfile(
            "model '"
                + model
                + "' has no profile ("
                + file
                + "); run: medulla profile --model-repository "
                + repository
                + " --model "
                + model);
      }
      profiles.put(model, ProfileFile.read(file));
    }
    return new PlanSetup(
        repository, graphs, profiles, PlanningRepository.loadConfigs(repository, models));
  }

  /**
   * Returns a simulator with {@code instances} of each model (at least one), each running at its
   * profiled times divided by {@code speeds} (1 when absent).
   */
  Simulator simulator(Map<String, Integer> instances, Map<String, Double> speeds) {
    return simulator(instances, speeds, Map.of());
  }

  /**
   * As {@link #simulator(Map, Map)}, with each placed model's instances on the devices {@code
   * placement} names (by instance index), so that instances sharing a device share its time.
   */
  Simulator simulator(
      Map<String, Integer> instances,
      Map<String, Double> speeds,
      Map<String, List<String>> placement) {
    Simulator.Builder b = Simulator.builder();
    placement.forEach(b::placement);
    Map<String, Map<Integer, ExecutionPercentiles>> times = new TreeMap<>();
    configs.forEach(
        (name, config) -> {
          b.model(
              new SimulatedModel(
                  name,
                  Math.max(1, instances.getOrDefault(name, 1)),
                  PlanningRepository.batchPolicy(config),
                  inputs(config),
                  outputs(config)));
          Profiles p = Profiles.of(requireNonNull(profiles.get(name), name));
          double speed = speeds.getOrDefault(name, 1.0);
          Map<Integer, ExecutionPercentiles> byBatch = new TreeMap<>();
          p.p50()
              .points()
              .forEach(
                  (batch, p50) ->
                      byBatch.put(
                          batch,
                          new ExecutionPercentiles(
                              scale(p50, speed), scale(p.p99().executionTime(batch), speed))));
          times.put(name, byBatch);
        });
    graphs.values().forEach(b::graph);
    return b.executionTimes(ExecutionTimes.logNormal(times)).build();
  }

  private static Duration scale(Duration d, double speed) {
    return Duration.ofNanos(Math.max(1, Math.round(d.toNanos() / speed)));
  }

  private static GraphShape shape(GraphResourceView view) {
    List<GraphShape.Step> steps = new ArrayList<>();
    for (GraphResourceView.StepView s : view.steps()) {
      steps.add(
          new GraphShape.Step(
              s.name(),
              s.kind().equals("model") ? s.target() : null,
              s.dependsOn(),
              s.conditional(),
              s.callProbability()));
    }
    return new GraphShape(view.graph(), steps);
  }

  private static List<TensorSpec> inputs(ModelConfig c) {
    List<TensorSpec> out = new ArrayList<>();
    for (ModelInput in : c.inputs()) {
      out.add(new TensorSpec(in.name(), in.dataType(), batched(c, in.dims()), in.optional()));
    }
    return out;
  }

  private static List<TensorSpec> outputs(ModelConfig c) {
    List<TensorSpec> out = new ArrayList<>();
    for (ModelOutput o : c.outputs()) {
      out.add(TensorSpec.of(o.name(), o.dataType(), batched(c, o.dims())));
    }
    return out;
  }

  private static Shape batched(ModelConfig c, Shape dims) {
    return c.maxBatchSize() > 0 ? dims.prepend(Shape.ANY) : dims;
  }
}
