package io.medulla.autoscaling;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.ModelId;
import io.medulla.inference.RequestContext;
import io.medulla.scheduling.ClinicalPriority;
import io.medulla.scheduling.RejectReason;
import io.medulla.scheduling.SchedulerListener;
import java.util.function.ToIntFunction;

/**
 * Feeds a {@link ScalingPolicy} from a scheduler: each executed request's queue delay, each
 * rejection that more replicas would have avoided, and each batch's compute time as busy instance
 * time. The server and the simulator attach the same listener. Thread-safe and lock-free, as
 * scheduler listeners must be.
 */
public final class ScalingListener implements SchedulerListener {
  private final ScalingPolicy policy;
  private final ToIntFunction<ModelId> instances;

  /**
   * Creates a listener.
   *
   * @param instances the instance count of a model version, which its busy time is shared by; it
   *     may throw or return less than 1 for a version it no longer knows (counted as 1)
   */
  public ScalingListener(ScalingPolicy policy, ToIntFunction<ModelId> instances) {
    this.policy = requireNonNull(policy, "policy");
    this.instances = requireNonNull(instances, "instances");
  }

  /**
   * Returns the clinical class a scheduler's priority level is counted in: levels 1 to 3 are STAT,
   * URGENT and ROUTINE, every lower level BULK, and 0 (a FIFO scheduler, which has no levels)
   * ROUTINE. A model that sets its own {@code priority_levels} is read the same way.
   */
  public static ClinicalPriority classOfLevel(int priorityLevel) {
    if (priorityLevel <= 0) {
      return ClinicalPriority.ROUTINE;
    }
    return priorityLevel >= ClinicalPriority.BULK.level()
        ? ClinicalPriority.BULK
        : ClinicalPriority.values()[priorityLevel - 1];
  }

  @Override
  public void requestExecuted(
      ModelId model,
      RequestContext context,
      int priorityLevel,
      long queueNanos,
      long computeNanos,
      int batchSize) {
    policy.observe(classOfLevel(priorityLevel), queueNanos, Outcome.EXECUTED);
  }

  @Override
  public void requestRejected(
      ModelId model, RequestContext context, int priorityLevel, RejectReason reason) {
    Outcome.ofRejection(reason)
        .ifPresent(outcome -> policy.observe(classOfLevel(priorityLevel), 0, outcome));
  }

  @Override
  public void batchExecuted(
      ModelId model, int batchSize, long computeNanos, boolean sharedAcrossTenants) {
    policy.observeBusy(model, computeNanos, instancesOf(model));
  }

  @SuppressWarnings("CatchingUnchecked") // a listener never throws: an unknown version counts as 1
  private int instancesOf(ModelId model) {
    try {
      return Math.max(1, instances.applyAsInt(model));
    } catch (RuntimeException e) {
      return 1;
    }
  }
}
