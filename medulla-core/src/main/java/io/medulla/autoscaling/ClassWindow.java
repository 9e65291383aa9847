package io.medulla.autoscaling;

import static java.util.Objects.requireNonNull;

import io.medulla.scheduling.ClinicalPriority;

/**
 * One priority class's queue delays over the sliding window.
 *
 * @param priority the class
 * @param sloNanos its p95 queue-delay SLO
 * @param executed the requests that ran
 * @param missed the requests refused for want of capacity or expired while waiting
 * @param p95Nanos the p95 queue delay, misses counted as longer than any delay: {@link
 *     #BEYOND_EVERY_DELAY} when misses hold the 95th percentile, 0 with no requests
 * @param counted whether the class had enough requests for its p95 to drive the count
 */
public record ClassWindow(
    ClinicalPriority priority,
    long sloNanos,
    long executed,
    long missed,
    long p95Nanos,
    boolean counted) {
  /** The p95 when more than 5 % of the class's requests missed: longer than any delay. */
  public static final long BEYOND_EVERY_DELAY = Long.MAX_VALUE;

  /** Creates a window; validates. */
  public ClassWindow {
    requireNonNull(priority, "priority");
    if (sloNanos < 1) {
      throw new IllegalArgumentException("sloNanos: " + sloNanos + " (expected: > 0)");
    }
  }

  /** Returns the requests seen: executed and missed. */
  public long requests() {
    return executed + missed;
  }

  /**
   * Returns the p95 as a multiple of the SLO: above 1 the class misses it; infinite when misses
   * hold the p95.
   */
  public double pressure() {
    return p95Nanos == BEYOND_EVERY_DELAY
        ? Double.POSITIVE_INFINITY
        : (double) p95Nanos / (double) sloNanos;
  }
}
