package io.medulla.simulation;

import static java.util.Objects.requireNonNull;

import io.medulla.graph.FunctionRegistry;
import io.medulla.graph.GraphDefinition;
import io.medulla.graph.GraphPlan;
import io.medulla.graph.GraphValidator;
import io.medulla.graph.StepSignature;
import io.medulla.tenancy.TenantPolicies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Feeds a {@link Workload} through the real schedulers and graph executors on a virtual clock.
 *
 * <p>Each {@link #run} builds afresh: a {@link io.medulla.time.VirtualClock}; per {@link
 * SimulatedModel}, a real {@link io.medulla.scheduling.DynamicBatcher} over instances that compute
 * nothing, whose batches complete after the time {@link ExecutionTimes} draws for them; per graph,
 * a real {@link io.medulla.graph.GraphExecutor} whose model steps enter those batchers, as in the
 * server. Each stream's arrivals are scheduled on the clock one ahead; the clock then runs every
 * event in order until the window has passed and the requests still in flight have been answered
 * (or the drain limit is reached).
 *
 * <p><b>Data.</b> Requests carry zero-filled placeholder tensors shaped by the model's inputs or
 * the graph's inputs (every {@code -1} dimension is 1); instances answer with zero-filled outputs.
 * Function steps run for real on the zeros and take no virtual time, so a graph step guarded by a
 * condition that zeros fail is skipped. Requests go straight to the schedulers: the engine's
 * validation is not modelled (placeholders are valid by construction), nor is protocol time.
 *
 * <p><b>Determinism.</b> A run uses one thread, no wall clock, and generators seeded from the seed
 * and a fixed label per stream and per model, so equal inputs and seed give an equal {@link
 * SimulationResult}. Because each stream and model has its own generator, changing one model's
 * instances or policy leaves every stream's arrivals and classes unchanged (common random numbers
 * for comparing plans).
 *
 * <p><b>Limits.</b> At most {@link Builder#maxOutstanding} requests are in the modelled server at
 * once; arrivals beyond are {@linkplain Outcome#SHED shed} rather than held, so a far-overloaded
 * configuration costs bounded memory and still returns a result.
 *
 * <p>Immutable and thread-safe: runs may go on in parallel on different threads, each confined to
 * its own.
 */
public final class Simulator {
  private final Map<String, SimulatedModel> models;
  private final Map<String, GraphPlan> graphs;
  private final ExecutionTimes executionTimes;
  private final TenantPolicies tenantPolicies;
  private final Duration queueSampleInterval;
  private final Duration drainLimit;
  private final int maxOutstanding;
  private final boolean recordRequests;
  private final @Nullable HostCpu hostCpu;
  private final Map<String, List<String>> devices;

  private Simulator(Builder b, Map<String, GraphPlan> graphs, ExecutionTimes times) {
    this.models = Collections.unmodifiableMap(new TreeMap<>(b.models));
    this.graphs = Collections.unmodifiableMap(graphs);
    this.executionTimes = times;
    this.tenantPolicies = b.tenantPolicies;
    this.queueSampleInterval = b.queueSampleInterval;
    this.drainLimit = b.drainLimit;
    this.maxOutstanding = b.maxOutstanding;
    this.recordRequests = b.recordRequests;
    this.hostCpu = b.hostCpu;
    this.devices = Collections.unmodifiableMap(new TreeMap<>(b.devices));
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Runs {@code workload} over {@code window} with the workload's own seed. */
  public SimulationResult run(Workload workload, SimulationWindow window) {
    requireNonNull(workload, "workload");
    return run(workload, window, workload.seed());
  }

  /**
   * Runs {@code workload} over {@code window} with {@code seed}.
   *
   * @throws IllegalArgumentException if a stream names a target that is neither a model nor a graph
   *     of this simulator
   */
  public SimulationResult run(Workload workload, SimulationWindow window, long seed) {
    requireNonNull(workload, "workload");
    requireNonNull(window, "window");
    List<String> unknown = new ArrayList<>();
    for (String target : workload.targets()) {
      if (!models.containsKey(target) && !graphs.containsKey(target)) {
        unknown.add(target);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "workload names "
              + unknown
              + " (expected: a simulated model "
              + models.keySet()
              + " or graph "
              + graphs.keySet()
              + ")");
    }
    return new SimulationRun(this, workload, window, seed).run();
  }

  /** Returns the models, by name. */
  public Map<String, SimulatedModel> models() {
    return models;
  }

  /** Returns the validated graphs, by name. */
  public Map<String, GraphPlan> graphs() {
    return graphs;
  }

  ExecutionTimes executionTimes() {
    return executionTimes;
  }

  TenantPolicies tenantPolicies() {
    return tenantPolicies;
  }

  Duration queueSampleInterval() {
    return queueSampleInterval;
  }

  Duration drainLimit() {
    return drainLimit;
  }

  int maxOutstanding() {
    return maxOutstanding;
  }

  boolean recordRequests() {
    return recordRequests;
  }

  /**
   * Returns, per placed model, the device each of its instances runs on (by instance index); models
   * without a placement run every instance at its profiled speed.
   */
  public Map<String, List<String>> devices() {
    return devices;
  }

  /** Returns the host CPU model, or null when the simulator starts at the scheduler. */
  public @Nullable HostCpu hostCpu() {
    return hostCpu;
  }

  /** Builds a {@link Simulator}; every setter documents its default. */
  public static final class Builder {
    private final Map<String, SimulatedModel> models = new TreeMap<>();
    private final List<GraphDefinition> graphs = new ArrayList<>();
    private @Nullable ExecutionTimes executionTimes;
    private TenantPolicies tenantPolicies = TenantPolicies.uniform();
    private Duration queueSampleInterval = Duration.ofMinutes(1);
    private Duration drainLimit = Duration.ofHours(1);
    private int maxOutstanding = 100_000;
    private boolean recordRequests;
    private @Nullable HostCpu hostCpu;
    private final Map<String, List<String>> devices = new TreeMap<>();

    private Builder() {}

    /** Adds a model; names are unique among models and graphs. */
    public Builder model(SimulatedModel model) {
      requireNonNull(model, "model");
      if (models.putIfAbsent(model.name(), model) != null) {
        throw new IllegalArgumentException(
            "model '" + model.name() + "' is added twice (expected: each model once)");
      }
      return this;
    }

    /**
     * Adds a graph; it is validated in {@link #build()} against the models' signatures and the
     * built-in functions.
     */
    public Builder graph(GraphDefinition graph) {
      graphs.add(requireNonNull(graph, "graph"));
      return this;
    }

    /** Sets how long batches take; required, and it must cover every model. */
    public Builder executionTimes(ExecutionTimes times) {
      this.executionTimes = requireNonNull(times, "times");
      return this;
    }

    /** Sets the tenants' weights and limits; default {@link TenantPolicies#uniform()}. */
    public Builder tenantPolicies(TenantPolicies policies) {
      this.tenantPolicies = requireNonNull(policies, "policies");
      return this;
    }

    /** Sets how often each model's queue is sampled; default one minute. */
    public Builder queueSampleInterval(Duration interval) {
      requireNonNull(interval, "interval");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("interval: " + interval + " (expected: > 0)");
      }
      this.queueSampleInterval = interval;
      return this;
    }

    /**
     * Sets how long after the window requests still in flight are followed; those unanswered then
     * are {@linkplain Outcome#UNFINISHED unfinished}. Default one hour.
     */
    public Builder drainLimit(Duration limit) {
      requireNonNull(limit, "limit");
      if (limit.isNegative()) {
        throw new IllegalArgumentException("limit: " + limit + " (expected: >= 0)");
      }
      this.drainLimit = limit;
      return this;
    }

    /**
     * Sets the most requests in the modelled server at once; arrivals beyond are shed. Default
     * 100,000 (a few hundred megabytes).
     */
    public Builder maxOutstanding(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxOutstanding: " + max + " (expected: >= 1)");
      }
      this.maxOutstanding = max;
      return this;
    }

    /**
     * Sets whether every request is kept in {@link SimulationResult#requests()}; default false (a
     * day at hundreds of requests per second is millions of records).
     */
    public Builder recordRequests(boolean record) {
      this.recordRequests = record;
      return this;
    }

    /**
     * Sets the host's cores and the CPU each request spends outside the model ({@link HostCpu});
     * default none: requests enter the scheduler on arrival and each instance runs at its profiled
     * speed however busy the host is.
     */
    public Builder hostCpu(HostCpu host) {
      this.hostCpu = requireNonNull(host, "host");
      return this;
    }

    /**
     * Places {@code model}'s instances on devices: {@code devicePerInstance.get(i)} names the
     * device of instance {@code i}. The instances placed on one device share it as one execution
     * unit, time-shared (processor sharing, {@link HostCores}): each of {@code n} executions
     * running there at once advances at {@code 1 / n} of its profiled speed, as the packer accounts
     * a device's compute ({@code io.medulla.planning}). Default: no placement, every instance at
     * its profiled speed whatever else runs.
     */
    public Builder placement(String model, List<String> devicePerInstance) {
      requireNonNull(model, "model");
      List<String> copy = List.copyOf(devicePerInstance);
      if (devices.putIfAbsent(model, copy) != null) {
        throw new IllegalArgumentException(
            "placement of model '" + model + "' is given twice (expected: once)");
      }
      return this;
    }

    /**
     * Returns the simulator.
     *
     * @throws IllegalStateException if no model was added or the execution times are not set
     * @throws IllegalArgumentException if the execution times do not cover a model, a graph is
     *     invalid, or a graph shares a model's or another graph's name
     */
    public Simulator build() {
      if (models.isEmpty()) {
        throw new IllegalStateException("models: none (expected: at least one model(...))");
      }
      ExecutionTimes times = executionTimes;
      if (times == null) {
        throw new IllegalStateException(
            "executionTimes: not set (expected: executionTimes(ExecutionTimes))");
      }
      for (String name : models.keySet()) {
        if (!times.covers(name)) {
          throw new IllegalArgumentException(
              "executionTimes: no times for model '" + name + "' (expected: a profile for it)");
        }
      }
      devices.forEach(
          (name, placed) -> {
            SimulatedModel m = models.get(name);
            if (m == null || placed.size() != m.instances()) {
              throw new IllegalArgumentException(
                  "placement of model '"
                      + name
                      + "': "
                      + placed.size()
                      + " device(s) (expected: one per instance of a simulated model"
                      + (m == null ? "" : ", " + m.instances())
                      + ")");
            }
          });
      Map<String, GraphPlan> plans = new TreeMap<>();
      for (GraphDefinition g : graphs) {
        if (models.containsKey(g.name()) || plans.containsKey(g.name())) {
          throw new IllegalArgumentException(
              "graph '"
                  + g.name()
                  + "': the name is taken (expected: unique model and graph names)");
        }
        plans.put(
            g.name(), GraphValidator.validate(g, this::signature, FunctionRegistry.builtins()));
      }
      return new Simulator(this, plans, times);
    }

    private @Nullable StepSignature signature(String model, String version) {
      SimulatedModel m = models.get(model);
      return m == null ? null : m.signature();
    }
  }
}
