package io.medulla.cli;

import io.medulla.autoscaling.ScalingSettings;
import io.medulla.scheduling.ClinicalPriority;
import io.medulla.simulation.AutoscalingComparison;
import io.medulla.simulation.AutoscalingScenario;
import io.medulla.simulation.ReplicaResult;
import io.medulla.simulation.ReplicaSample;
import io.medulla.simulation.SimulationWindow;
import io.medulla.simulation.Simulator;
import io.medulla.simulation.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replays the day with the autoscaling policy ({@link io.medulla.autoscaling.ScalingPolicy}) and
 * compares the instance-seconds it uses with static peak provisioning, through the simulator's
 * replica runs ({@link AutoscalingScenario}): one continuous day on one virtual clock, each replica
 * a whole simulated server (one instance of every model of the plan, its graphs, the real
 * schedulers and graph executors) behind a least-loaded balancer, the policy fed by the real {@link
 * io.medulla.autoscaling.ScalingListener} on every replica's schedulers and evaluated every period,
 * added replicas serving after the provisioning delay. Static peak provisioning is the fewest fixed
 * replicas that meet every class's objective in the peak hour, found by simulation as G11 finds it.
 * Single-threaded.
 */
final class AutoscaleReplay {
  /**
   * What the replay found.
   *
   * @param staticReplicas the replicas static peak provisioning keeps all day
   * @param modelsPerReplica the models each replica holds
   * @param staticInstanceSeconds instance-seconds of static provisioning over the day
   * @param autoscaledInstanceSeconds instance-seconds the policy used
   * @param maxReplicasByHour the most replicas (serving and starting) in each hour of the day
   * @param sloAttainment requests on time over requests arrived, all classes, over the replay
   * @param evaluations how many times the policy was evaluated
   * @param peakReplicas the most replicas paid for at once
   * @param provisioningDelay how long an added replica took to serve
   */
  record Result(
      int staticReplicas,
      int modelsPerReplica,
      double staticInstanceSeconds,
      double autoscaledInstanceSeconds,
      List<Integer> maxReplicasByHour,
      double sloAttainment,
      int evaluations,
      int peakReplicas,
      Duration provisioningDelay) {}

  private AutoscaleReplay() {}

  /**
   * Replays the day.
   *
   * @param instances the plan's instances per model: the largest bounds the replicas tried
   * @param queueDelaySlos the policy's queue-delay SLOs (the policy's defaults when empty)
   * @throws IllegalStateException when no count up to the bound meets the peak hour's objectives
   */
  static Result replay(
      PlanSetup setup,
      Workload workload,
      Map<String, Integer> instances,
      Map<String, Double> speeds,
      Map<ClinicalPriority, Duration> queueDelaySlos,
      int peakHour,
      Duration provisioningDelay) {
    int planned = 1;
    for (int n : instances.values()) {
      planned = Math.max(planned, n);
    }
    int limit = Math.max(8, 4 * planned);
    ScalingSettings settings =
        (queueDelaySlos.isEmpty()
                ? ScalingSettings.defaults()
                : ScalingSettings.defaults().withQueueDelaySlos(queueDelaySlos))
            .withReplicaBounds(1, limit);
    Simulator replica = setup.simulator(each(instances), speeds);
    AutoscalingScenario day =
        new AutoscalingScenario("plan", replica, workload, SimulationWindow.day());
    AutoscalingComparison c =
        AutoscalingComparison.of(
            day, settings, provisioningDelay, SimulationWindow.hours(peakHour, 1), limit, false);
    ReplicaResult auto = c.autoscaled();
    return new Result(
        c.staticReplicas(),
        instances.size(),
        c.staticInstanceSeconds(),
        auto.instanceSeconds(),
        maxByHour(auto.timeline()),
        auto.attainment(),
        auto.timeline().size(),
        auto.peakReplicas(),
        provisioningDelay);
  }

  private static List<Integer> maxByHour(List<ReplicaSample> timeline) {
    int[] max = new int[24];
    for (ReplicaSample s : timeline) {
      int hour = (int) Math.min(23, s.at().toHours());
      max[hour] = Math.max(max[hour], s.ready() + s.provisioning());
    }
    List<Integer> out = new ArrayList<>();
    for (int n : max) {
      out.add(n);
    }
    return out;
  }

  private static Map<String, Integer> each(Map<String, Integer> instances) {
    Map<String, Integer> out = new TreeMap<>();
    instances.keySet().forEach(m -> out.put(m, 1));
    return out;
  }
}
