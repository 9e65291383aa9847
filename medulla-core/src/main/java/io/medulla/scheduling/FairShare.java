package io.medulla.scheduling;

import java.util.List;

/**
 * Charges tenant lanes for the execution time their batches use: virtual-time fair queueing in the
 * manner of VTC (Sheng et al., OSDI 2024), charged in measured nanoseconds, not requests.
 *
 * <p>When a batch is dispatched each job's lane is charged its share (by samples) of the estimated
 * batch time, divided by the lane's weight; when the batch completes the charge is corrected to the
 * measured time. The lane with the least service at a level is served next.
 *
 * <p><b>Bound.</b> Let {@code C} be the largest cost of one batch (measured, or estimated at
 * dispatch) and {@code k} the number of instances. Two tenants of equal weight that stay backlogged
 * at the same level from the same moment receive service (measured execution time of their
 * completed batches) that differs by at most {@code (k + 1) × C} at any time; with one instance,
 * {@code 2 × C}. Why: a lane is chosen only while its service is the least, so after its charge it
 * exceeds the other's by at most {@code C}; corrections at completion keep that (the corrected
 * charge is a measured cost, at most {@code C}); and completed service differs from charged service
 * by the charges of batches still executing, at most {@code k × C} in all. With weights, the same
 * holds for service divided by weight.
 *
 * <p>Guarded by the scheduler's lock.
 */
final class FairShare {
  private FairShare() {}

  /** Charges each job's lane its share of {@code estimateNanos} and re-orders the lanes. */
  static void charge(List<Job> batch, int samples, long estimateNanos) {
    for (Job j : batch) {
      TenantLane lane = j.lane;
      if (lane == null) {
        continue;
      }
      PriorityClass pc = j.priorityClass;
      pc.virtualTime = Math.max(pc.virtualTime, lane.service);
      j.charged = (double) estimateNanos * j.samples / samples / lane.weight;
      lane.service += j.charged;
      pc.backlogged.update(lane);
    }
  }

  /**
   * Replaces the charges of {@code batch} by their shares of the measured {@code computeNanos};
   * jobs in {@code refunded} (dropped before the batch ran) get their charge back.
   */
  static void settle(List<Job> ran, int samples, long computeNanos, List<Job> refunded) {
    for (Job j : ran) {
      TenantLane lane = j.lane;
      if (lane != null) {
        lane.service += (double) computeNanos * j.samples / samples / lane.weight - j.charged;
        j.priorityClass.backlogged.update(lane);
      }
    }
    for (Job j : refunded) {
      TenantLane lane = j.lane;
      if (lane != null) {
        lane.service -= j.charged;
        j.priorityClass.backlogged.update(lane);
      }
    }
  }
}
