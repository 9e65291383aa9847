package io.medulla.simulation;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * One deployment of one model under a workload, to be served by replicas: each replica runs the
 * model's instances behind its own real {@link io.medulla.scheduling.DynamicBatcher}, and a
 * least-loaded balancer spreads the requests over the replicas that serve.
 *
 * @param name what the scenario is called in reports
 * @param model the model each replica serves, with its instances per replica
 * @param times how long its batches take
 * @param workload the requests; every stream names {@code model}
 * @param window the stretch of day simulated
 * @param drainLimit how long after the window requests still in flight are followed
 */
public record AutoscalingScenario(
    String name,
    SimulatedModel model,
    ExecutionTimes times,
    Workload workload,
    SimulationWindow window,
    Duration drainLimit) {
  /** Creates a scenario; validates that every stream names the model. */
  public AutoscalingScenario {
    requireNonNull(name, "name");
    requireNonNull(model, "model");
    requireNonNull(times, "times");
    requireNonNull(workload, "workload");
    requireNonNull(window, "window");
    requireNonNull(drainLimit, "drainLimit");
    for (String target : workload.targets()) {
      if (!target.equals(model.name())) {
        throw new IllegalArgumentException(
            name + ": workload names '" + target + "' (expected: only '" + model.name() + "')");
      }
    }
    if (!times.covers(model.name())) {
      throw new IllegalArgumentException(name + ": times do not cover '" + model.name() + "'");
    }
  }

  /** Returns a copy over another window. */
  public AutoscalingScenario withWindow(SimulationWindow newWindow) {
    return new AutoscalingScenario(name, model, times, workload, newWindow, drainLimit);
  }

  /** Runs the scenario under {@code plan} with the workload's seed. Deterministic. */
  public ReplicaResult run(ReplicaPlan plan) {
    return new ReplicaRun(this, requireNonNull(plan, "plan")).run();
  }
}
