package io.medulla.simulation;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * The host CPU one request spends in one stage outside the model (decoding, the engine, encoding,
 * thread hand-offs): log-normal through a median and a 99th percentile, as {@link
 * ExecutionTimes#logNormal} fits execution times; {@code p99 = p50} is a constant, and zero costs
 * nothing (the stage is skipped).
 *
 * @param p50 the median (&ge; 0)
 * @param p99 the 99th percentile (&ge; {@code p50}; equal to it when {@code p50} is zero)
 */
public record HostCost(Duration p50, Duration p99) {
  /** No cost: the stage is skipped. */
  public static final HostCost NONE = new HostCost(Duration.ZERO, Duration.ZERO);

  /** Creates a cost; validates it. */
  public HostCost {
    requireNonNull(p50, "p50");
    requireNonNull(p99, "p99");
    if (p50.isNegative()) {
      throw new IllegalArgumentException("p50: " + p50 + " (expected: >= 0)");
    }
    if (p99.compareTo(p50) < 0) {
      throw new IllegalArgumentException("p99: " + p99 + " (expected: >= p50 " + p50 + ")");
    }
    if (p50.isZero() && !p99.isZero()) {
      throw new IllegalArgumentException("p99: " + p99 + " (expected: 0 when p50 is 0)");
    }
  }

  /** Returns a cost without spread: every request takes {@code time}. */
  public static HostCost constant(Duration time) {
    return new HostCost(time, time);
  }

  /** Returns whether this costs nothing. */
  public boolean isNone() {
    return p50.isZero();
  }

  /** Draws one request's cost in nanoseconds (&ge; 1 unless {@link #isNone}). */
  long sampleNanos(SplittableRandom rng) {
    double median = p50.toNanos();
    double tail = p99.toNanos();
    if (tail <= median) {
      return Math.round(median);
    }
    double sigma = StrictMath.log(tail / median) / LogNormalExecutionTimes.Z99;
    return Math.max(1, Math.round(median * StrictMath.exp(sigma * Randoms.normal(rng))));
  }
}
