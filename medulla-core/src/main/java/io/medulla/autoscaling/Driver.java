package io.medulla.autoscaling;

/** Which signal set a {@link Decision}'s ratio. */
public enum Driver {
  /** A class's p95 queue delay against its SLO: {@link Decision#drivingClass()} names it. */
  QUEUE_DELAY,
  /**
   * Misses held a class's p95 beyond the largest scale-up step, and the load offered in the last
   * period (requests served and missed) asked for more than that step: {@link
   * Decision#drivingClass()} names the class whose misses triggered it.
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
