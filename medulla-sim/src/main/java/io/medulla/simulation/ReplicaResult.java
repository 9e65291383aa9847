package io.medulla.simulation;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a replica run measured: the capacity paid for and what the requests saw.
 *
 * @param plan the replica plan that ran
 * @param window the stretch of day simulated
 * @param instanceSeconds the instance time paid for over the window: each replica's instances from
 *     when it was asked for (or the window's start) until it was retired (its last request answered
 *     after it stopped taking new ones) or the window's end
 * @param byClass per priority class, what became of its requests; sorted by class name
 * @param slos the workload's objectives, by class name
 * @param peakReplicas the most replicas paid for at once (serving, provisioning or draining)
 * @param scaleUps the evaluations that added replicas
 * @param scaleDowns the evaluations that removed replicas
 * @param timeline the deployment at each evaluation; empty for a fixed count
 */
public record ReplicaResult(
    ReplicaPlan plan,
    SimulationWindow window,
    double instanceSeconds,
    Map<String, ReplicaClassStats> byClass,
    Map<String, ClassSlo> slos,
    int peakReplicas,
    int scaleUps,
    int scaleDowns,
    List<ReplicaSample> timeline) {
  /** Creates a result; copies the collections. */
  public ReplicaResult {
    requireNonNull(plan, "plan");
    requireNonNull(window, "window");
    byClass = Collections.unmodifiableMap(new TreeMap<>(byClass));
    slos = Collections.unmodifiableMap(new TreeMap<>(slos));
    timeline = List.copyOf(timeline);
  }

  /** Returns the requests that arrived. */
  public long arrived() {
    return byClass.values().stream().mapToLong(ReplicaClassStats::arrived).sum();
  }

  /** Returns the requests answered within their class's objective. */
  public long good() {
    return byClass.values().stream().mapToLong(ReplicaClassStats::good).sum();
  }

  /** Returns the share of all arrivals answered within their class's objective; 1 with none. */
  public double attainment() {
    long arrived = arrived();
    return arrived == 0 ? 1 : (double) good() / arrived;
  }

  /** Returns whether every class with an objective had at least its percentile of requests good. */
  public boolean meetsSlos() {
    for (Map.Entry<String, ClassSlo> e : slos.entrySet()) {
      ReplicaClassStats s = byClass.get(e.getKey());
      if (s != null && s.attainment() < e.getValue().percentile()) {
        return false;
      }
    }
    return true;
  }

  /** Returns the mean replicas paid for over the window, given each replica's instances. */
  public double meanReplicas(int instancesPerReplica) {
    return instanceSeconds / instancesPerReplica / (window.length().toNanos() / 1e9);
  }
}
