package io.medulla.simulation;

import static java.util.Objects.requireNonNull;

/**
 * One deployment under a workload, to be served by replicas: each replica is a whole simulated
 * server (every model of {@code simulator} with its instances behind its own real {@link
 * io.medulla.scheduling.DynamicBatcher}, and its graphs), and a least-loaded balancer spreads the
 * requests over the replicas that serve.
 *
 * @param name what the scenario is called in reports
 * @param simulator one replica: its models with their instances, graphs, execution times and tenant
 *     policies; its drain limit is how long after the window requests are followed
 * @param workload the requests; every stream names a model or graph of {@code simulator}
 * @param window the stretch of day simulated
 */
public record AutoscalingScenario(
    String name, Simulator simulator, Workload workload, SimulationWindow window) {
  /** Creates a scenario; validates that every stream names a model or graph of the replica. */
  public AutoscalingScenario {
    requireNonNull(name, "name");
    requireNonNull(simulator, "simulator");
    requireNonNull(workload, "workload");
    requireNonNull(window, "window");
    if (simulator.hostCpu() != null) {
      throw new IllegalArgumentException(
          name + ": replica runs do not model host CPU (expected: a simulator without hostCpu)");
    }
    for (String target : workload.targets()) {
      if (!simulator.models().containsKey(target) && !simulator.graphs().containsKey(target)) {
        throw new IllegalArgumentException(
            name
                + ": workload names '"
                + target
                + "' (expected: a model or graph of the replica: "
                + simulator.models().keySet()
                + " "
                + simulator.graphs().keySet()
                + ")");
      }
    }
  }

  /** Returns the instances of every model in one replica together. */
  public int instancesPerReplica() {
    int n = 0;
    for (SimulatedModel m : simulator.models().values()) {
      n += m.instances();
    }
    return n;
  }

  /** Returns a copy over another window. */
  public AutoscalingScenario withWindow(SimulationWindow newWindow) {
    return new AutoscalingScenario(name, simulator, workload, newWindow);
  }

  /** Returns a copy with another workload (the same targets). */
  public AutoscalingScenario withWorkload(Workload newWorkload) {
    return new AutoscalingScenario(name, simulator, newWorkload, window);
  }

  /** Runs the scenario under {@code plan} with the workload's seed. Deterministic. */
  public ReplicaResult run(ReplicaPlan plan) {
    return new ReplicaRun(this, requireNonNull(plan, "plan")).run();
  }
}
