package io.medulla.simulation;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The measured median and 99th percentile of one model's execution time at one batch size, as
 * {@code medulla profile} reports them.
 *
 * @param p50 the median (&gt; 0)
 * @param p99 the 99th percentile (&ge; {@code p50})
 */
public record ExecutionPercentiles(Duration p50, Duration p99) {
  /** Creates the pair; validates it. */
  public ExecutionPercentiles {
    requireNonNull(p50, "p50");
    requireNonNull(p99, "p99");
    if (p50.isNegative() || p50.isZero()) {
      throw new IllegalArgumentException("p50: " + p50 + " (expected: > 0)");
    }
    if (p99.compareTo(p50) < 0) {
      throw new IllegalArgumentException("p99: " + p99 + " (expected: >= p50 " + p50 + ")");
    }
  }

  /** Returns a pair without spread: every run takes {@code time}. */
  public static ExecutionPercentiles constant(Duration time) {
    return new ExecutionPercentiles(time, time);
  }
}
