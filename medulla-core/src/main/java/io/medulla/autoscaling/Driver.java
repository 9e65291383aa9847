package io.medulla.autoscaling;

/** Which signal set a {@link Decision}'s ratio. */
public enum Driver {
  /** A class's p95 queue delay against its SLO: {@link Decision#drivingClass()} names it. */
  QUEUE_DELAY,
  /**
   * Misses held a class's p95, so the ratio is the load offered in the last period (requests served
   * and missed) over the capacity that served it: {@link Decision#drivingClass()} names the class.
   */
  OFFERED_LOAD,
  /** The busiest model's instance utilisation against the target (only ever lowers the count). */
  UTILISATION,
  /**
   * No class had queue delay and no instance was busy in the window: the count falls to the
   * minimum.
   */
  IDLE
}
