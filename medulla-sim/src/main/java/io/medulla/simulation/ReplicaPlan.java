package io.medulla.simulation;

import static java.util.Objects.requireNonNull;

import io.medulla.autoscaling.ScalingSettings;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How many replicas of a deployment serve an {@link AutoscalingScenario}: a fixed count, or a count
 * that a {@link io.medulla.autoscaling.ScalingPolicy} changes as the run goes.
 *
 * @param initialReplicas the replicas ready when the window opens (&ge; 1)
 * @param autoscaling the policy's settings; null for a fixed count
 * @param provisioningDelay how long a replica the policy adds takes before it serves (&ge; 0); it
 *     is paid for from the moment it is asked for, as a cloud bills a starting node
 */
public record ReplicaPlan(
    int initialReplicas, @Nullable ScalingSettings autoscaling, Duration provisioningDelay) {
  /** Creates a plan; validates the fields. */
  public ReplicaPlan {
    if (initialReplicas < 1) {
      throw new IllegalArgumentException(
          "initialReplicas: " + initialReplicas + " (expected: >= 1)");
    }
    requireNonNull(provisioningDelay, "provisioningDelay");
    if (provisioningDelay.isNegative()) {
      throw new IllegalArgumentException(
          "provisioningDelay: " + provisioningDelay + " (expected: >= 0)");
    }
  }

  /** Returns {@code replicas} replicas for the whole window. */
  public static ReplicaPlan fixed(int replicas) {
    return new ReplicaPlan(replicas, null, Duration.ZERO);
  }

  /**
   * Returns a deployment that starts at the settings' minimum and follows the policy, each added
   * replica serving {@code provisioningDelay} after it was asked for.
   */
  public static ReplicaPlan autoscaled(ScalingSettings settings, Duration provisioningDelay) {
    return new ReplicaPlan(settings.minReplicas(), settings, provisioningDelay);
  }

  /** Returns whether a policy changes the count. */
  public boolean isAutoscaled() {
    return autoscaling != null;
  }
}
