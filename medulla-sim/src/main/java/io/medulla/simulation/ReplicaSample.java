package io.medulla.simulation;

import java.time.Duration;

/**
 * The deployment at one evaluation of the scaling policy.
 *
 * @param at the offset from the window's start
 * @param ready the replicas serving requests when the policy evaluated
 * @param provisioning the replicas asked for but not yet serving, after the decision was applied
 * @param desired the count the policy recommended
 * @param reason the policy's reason, as {@link io.medulla.autoscaling.Decision#reason()} gives it
 */
public record ReplicaSample(Duration at, int ready, int provisioning, int desired, String reason) {}
