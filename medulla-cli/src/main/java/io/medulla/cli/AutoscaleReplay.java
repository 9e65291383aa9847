package io.medulla.cli;

import io.medulla.autoscaling.Decision;
import io.medulla.autoscaling.Outcome;
import io.medulla.autoscaling.ScalingPolicy;
import io.medulla.autoscaling.ScalingSettings;
import io.medulla.inference.ModelId;
import io.medulla.scheduling.ClinicalPriority;
import io.medulla.simulation.ModelStats;
import io.medulla.simulation.RequestRecord;
import io.medulla.simulation.SimulationResult;
import io.medulla.simulation.SimulationWindow;
import io.medulla.simulation.Simulator;
import io.medulla.simulation.Workload;
import io.medulla.time.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replays the day with the autoscaling policy ({@link ScalingPolicy}) and compares the
 * instance-seconds it uses with static peak provisioning.
 *
 * <p>Kept simple, and so approximate: a <em>replica</em> is one server holding one instance of
 * every model (how a deployment scales out behind a load balancer); static provisioning keeps as
 * many replicas as the plan's largest per-model instance count all day. The day is cut into
 * evaluation periods (15 s by the policy's defaults); each period is simulated on its own with the
 * replica count the policy chose at its start (queues do not carry over from one period to the
 * next), its requests and busy time are fed to the policy, and the policy is evaluated at the
 * period's end. A request's whole latency stands in for its queue delay, against the queue-delay
 * SLOs the plan recommends, which makes the policy scale up a little early. Single-threaded.
 */
final class AutoscaleReplay {
  /**
   * What the replay found.
   *
   * @param staticReplicas the replicas static peak provisioning keeps all day
   * @param modelsPerReplica the models each replica holds
   * @param staticInstanceSeconds instance-seconds of static provisioning over the day
   * @param autoscaledInstanceSeconds instance-seconds the policy used
   * @param maxReplicasByHour the most replicas the policy held in each hour of the day
   * @param sloAttainment requests on time over requests arrived, all classes, over the replay
   * @param evaluations how many times the policy was evaluated
   */
  record Result(
      int staticReplicas,
      int modelsPerReplica,
      double staticInstanceSeconds,
      double autoscaledInstanceSeconds,
      List<Integer> maxReplicasByHour,
      double sloAttainment,
      int evaluations) {}

  private AutoscaleReplay() {}

  static Result replay(
      PlanSetup setup,
      Workload workload,
      Map<String, Integer> instances,
      Map<String, Double> speeds,
      Map<ClinicalPriority, Duration> queueDelaySlos) {
    int staticReplicas = 1;
    for (int n : instances.values()) {
      staticReplicas = Math.max(staticReplicas, n);
    }
    ScalingSettings settings =
        (queueDelaySlos.isEmpty()
                ? ScalingSettings.defaults()
                : ScalingSettings.defaults().withQueueDelaySlos(queueDelaySlos))
            .withReplicaBounds(1, Math.max(2, 2 * staticReplicas));
    ManualTicker ticker = new ManualTicker();
    ScalingPolicy policy = new ScalingPolicy(settings, ticker);
    Duration period = settings.evaluationPeriod();
    long periodSeconds = Math.max(1, period.toSeconds());
    int models = instances.size();
    Map<Integer, Simulator> simulators = new HashMap<>();
    int replicas = staticReplicas;
    double instanceSeconds = 0;
    long arrived = 0;
    long good = 0;
    int evaluations = 0;
    int[] maxByHour = new int[24];
    for (long start = 0; start < 86_400; start += periodSeconds) {
      int r = replicas;
      Simulator simulator =
          simulators.computeIfAbsent(r, n -> setup.simulator(each(instances, n), speeds, true));
      long length = Math.min(periodSeconds, 86_400 - start);
      SimulationResult result =
          simulator.run(
              workload,
              new SimulationWindow(Duration.ofSeconds(start), Duration.ofSeconds(length)),
              workload.seed() + start);
      ticker.advance(Duration.ofSeconds(length));
      for (RequestRecord record : result.requests()) {
        ClinicalPriority.fromName(record.priorityClass())
            .ifPresent(p -> policy.observe(p, record.latency().toNanos(), outcome(record)));
      }
      for (Map.Entry<String, ModelStats> e : result.byModel().entrySet()) {
        ModelStats stats = e.getValue();
        long busy = Math.round(stats.utilisation() * stats.instances() * length * 1e9);
        policy.observeBusy(new ModelId(e.getKey(), 1), busy, stats.instances());
      }
      arrived += result.overall().arrived();
      good += result.overall().completedWithinSlo();
      instanceSeconds += (double) r * models * length;
      int hour = (int) (start / 3600);
      maxByHour[hour] = Math.max(maxByHour[hour], r);
      Decision decision = policy.evaluate(ticker.nanos(), r);
      evaluations++;
      replicas = decision.desiredReplicas();
    }
    List<Integer> byHour = new ArrayList<>();
    for (int n : maxByHour) {
      byHour.add(n);
    }
    return new Result(
        staticReplicas,
        models,
        (double) staticReplicas * models * 86_400,
        instanceSeconds,
        byHour,
        arrived == 0 ? 1 : (double) good / arrived,
        evaluations);
  }

  private static Map<String, Integer> each(Map<String, Integer> instances, int n) {
    Map<String, Integer> out = new TreeMap<>();
    instances.keySet().forEach(m -> out.put(m, n));
    return out;
  }

  private static Outcome outcome(RequestRecord record) {
    return switch (record.outcome()) {
      case COMPLETED -> Outcome.EXECUTED;
      case TIMED_OUT -> Outcome.EXPIRED;
      default -> Outcome.REJECTED;
    };
  }
}
