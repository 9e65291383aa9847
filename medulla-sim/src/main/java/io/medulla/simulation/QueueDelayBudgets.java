package io.medulla.simulation;

import static java.util.Objects.requireNonNull;

import io.medulla.autoscaling.ScalingListener;
import io.medulla.scheduling.ClinicalPriority;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Turns a workload's end-to-end objectives into the queue-delay SLOs an autoscaling policy watches
 * ({@code --slo-queue-delay}): what is left of each class's objective once the slowest execution
 * that still counts (the model's p99) is taken out. The policy's defaults (STAT 50 ms) suit a model
 * that answers in a few milliseconds; for a model that takes 50 ms, a 250 ms objective leaves 150
 * ms to queue, and a 50 ms queue SLO would keep replicas that no request needs.
 */
public final class QueueDelayBudgets {
  private QueueDelayBudgets() {}

  /**
   * Returns, per clinical class with an objective, {@code objective − executionP99}, at least a
   * tenth of the objective (an objective the execution alone nearly uses up still leaves the queue
   * a little, not nothing). Several class names reaching one clinical class keep the tightest.
   *
   * @param objectives the workload's objectives by class name ({@link Workload#slos()})
   * @param executionP99 the p99 execution time of the model (or graph) the classes call
   */
  public static Map<ClinicalPriority, Duration> of(
      Map<String, ClassSlo> objectives, Duration executionP99) {
    return of(objectives, executionP99, 1);
  }

  /**
   * Returns the budgets of {@link #of(Map, Duration)} for requests that wait in {@code queues}
   * queues one after another (the steps of a graph's critical path), each queue a share of what is
   * left: the policy watches each model's queue on its own.
   */
  public static Map<ClinicalPriority, Duration> of(
      Map<String, ClassSlo> objectives, Duration executionP99, int queues) {
    requireNonNull(executionP99, "executionP99");
    if (queues < 1) {
      throw new IllegalArgumentException("queues: " + queues + " (expected: >= 1)");
    }
    Map<ClinicalPriority, Duration> out = new EnumMap<>(ClinicalPriority.class);
    requireNonNull(objectives, "objectives")
        .forEach(
            (name, slo) -> {
              ClinicalPriority c =
                  ScalingListener.classOfLevel(
                      PriorityClassNames.levelOf(PriorityClassNames.normalise(name, "class")));
              Duration left = slo.latency().minus(executionP99);
              Duration floor = slo.latency().dividedBy(10);
              Duration budget = (left.compareTo(floor) < 0 ? floor : left).dividedBy(queues);
              out.merge(c, budget, (a, b) -> a.compareTo(b) <= 0 ? a : b);
            });
    return out;
  }
}
