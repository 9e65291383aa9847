package io.medulla.autoscaling;

/** What bounded a {@link Decision}'s count, if anything, beyond the ratio itself. */
public enum Limit {
  /** Nothing: the count is {@code ceil(current × ratio)}. */
  NONE,
  /** The ratio was within the tolerance of 1: the count holds. */
  TOLERANCE,
  /** The ratio was above the largest scale-up factor and was capped to it. */
  SCALE_UP_STEP,
  /** A higher recommendation within the stabilisation window holds the count up. */
  STABILISING,
  /** The count fell by the largest share one evaluation may remove. */
  SCALE_DOWN_STEP,
  /** The count was raised to the minimum. */
  MIN_REPLICAS,
  /** The count was lowered to the maximum. */
  MAX_REPLICAS
}
