package io.medulla.simulation;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The latency objective of one priority class: at least {@code percentile} of its requests are
 * answered successfully within {@code latency}.
 *
 * <p>A request counts towards the objective (and towards goodput) only when it completed within
 * {@code latency}; rejected, timed-out, failed and shed requests are misses. So {@linkplain
 * RequestStats#sloAttainment() attainment} is the share of all arrivals that met the latency.
 *
 * @param latency the end-to-end latency target (&gt; 0), from arrival to answer
 * @param percentile the share of requests that must meet it, in {@code (0, 1)}; 0.99 for a p99
 *     objective
 */
public record ClassSlo(Duration latency, double percentile) {
  /** Creates an objective; validates the fields. */
  public ClassSlo {
    requireNonNull(latency, "latency");
    if (latency.isNegative() || latency.isZero()) {
      throw new IllegalArgumentException("latency: " + latency + " (expected: > 0)");
    }
    if (!(percentile > 0 && percentile < 1)) {
      throw new IllegalArgumentException(
          "percentile: " + percentile + " (expected: between 0 and 1, exclusive)");
    }
  }

  /** Returns a p99 objective: 99% of requests within {@code latency}. */
  public static ClassSlo p99(Duration latency) {
    return new ClassSlo(latency, 0.99);
  }
}
