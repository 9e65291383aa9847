/**
 * The autoscaling signal: how many replicas a deployment should have, from the queue delay each
 * priority class sees against its SLO and from how busy the model instances are. The {@link
 * io.medulla.autoscaling.ScalingPolicy} is pure and clock-driven, so the running server (through
 * {@link io.medulla.autoscaling.ScalingListener} and {@link io.medulla.autoscaling.ScalingLoop})
 * and the simulator replaying a day run the same decisions. See docs/AUTOSCALING.md.
 */
@NullMarked
package io.medulla.autoscaling;

import org.jspecify.annotations.NullMarked;
