package io.medulla.autoscaling;

import io.medulla.scheduling.RejectReason;
import java.util.Optional;

/** What became of one request, as the scaling policy counts it. */
public enum Outcome {
  /** It ran; its queue delay is a sample of its class's delay. */
  EXECUTED,
  /** It was refused for want of capacity (queue full, overloaded): an SLO miss. */
  REJECTED,
  /** Its deadline passed while it waited: an SLO miss. */
  EXPIRED;

  /** Returns whether the request counts as a miss of its class's SLO. */
  public boolean missed() {
    return this != EXECUTED;
  }

  /**
   * Returns how a scheduler's rejection counts: only refusals that more replicas would have avoided
   * are misses. Tenant limits are quotas, not shortage; a deadline shorter than the model's own
   * execution time, a cancellation and an unload are not helped by replicas either.
   */
  public static Optional<Outcome> ofRejection(RejectReason reason) {
    return switch (reason) {
      case QUEUE_FULL, OVERLOADED -> Optional.of(REJECTED);
      case DEADLINE_EXPIRED -> Optional.of(EXPIRED);
      case TENANT_QUEUE_LIMIT,
          TENANT_IN_FLIGHT_LIMIT,
          TENANT_RATE_LIMIT,
          DEADLINE_UNMEETABLE,
          CANCELLED,
          UNLOADING ->
          Optional.empty();
    };
  }
}
