package io.medulla.simulation;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The latencies of a set of requests, as counts in log-linear buckets: exact mean, minimum and
 * maximum; percentiles within 0.8% (the midpoint of a bucket at most 1/64 of its values wide,
 * clamped to the minimum and maximum). Immutable.
 */
public final class LatencyDistribution {
  private static final LatencyDistribution EMPTY = new LatencyDistribution(new long[0], 0, 0, 0, 0);

  private final long[] counts;
  private final long count;
  private final long sumNanos;
  private final long minNanos;
  private final long maxNanos;

  LatencyDistribution(long[] counts, long count, long sumNanos, long minNanos, long maxNanos) {
    this.counts = counts;
    this.count = count;
    this.sumNanos = sumNanos;
    this.minNanos = minNanos;
    this.maxNanos = maxNanos;
  }

  /** Returns a distribution of no requests. */
  public static LatencyDistribution empty() {
    return EMPTY;
  }

  /** Returns the number of latencies. */
  public long count() {
    return count;
  }

  /** Returns whether there are none. */
  public boolean isEmpty() {
    return count == 0;
  }

  /** Returns the exact mean; zero when empty. */
  public Duration mean() {
    return count == 0 ? Duration.ZERO : Duration.ofNanos(Math.round((double) sumNanos / count));
  }

  /** Returns the exact smallest latency; zero when empty. */
  public Duration min() {
    return Duration.ofNanos(minNanos);
  }

  /** Returns the exact largest latency; zero when empty. */
  public Duration max() {
    return Duration.ofNanos(maxNanos);
  }

  /**
   * Returns the {@code q}-quantile by nearest rank (the latency of the {@code ⌈q × count⌉}-th
   * fastest request), within 0.8%; zero when empty.
   *
   * @param q in {@code [0, 1]}
   */
  public Duration percentile(double q) {
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("q: " + q + " (expected: 0 to 1)");
    }
    if (count == 0) {
      return Duration.ZERO;
    }
    long rank = Math.max(1, (long) Math.ceil(q * count));
    if (rank >= count) {
      return max();
    }
    if (rank == 1) {
      return min();
    }
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        long lo = LatencyHistogram.lowerBound(i);
        long hi = LatencyHistogram.lowerBound(i + 1) - 1;
        long mid = lo + (hi - lo) / 2;
        return Duration.ofNanos(Math.min(maxNanos, Math.max(minNanos, mid)));
      }
    }
    return max();
  }

  /** Returns the median. */
  public Duration p50() {
    return percentile(0.50);
  }

  /** Returns the 95th percentile. */
  public Duration p95() {
    return percentile(0.95);
  }

  /** Returns the 99th percentile. */
  public Duration p99() {
    return percentile(0.99);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof LatencyDistribution d
        && count == d.count
        && sumNanos == d.sumNanos
        && minNanos == d.minNanos
        && maxNanos == d.maxNanos
        && Arrays.equals(counts, d.counts);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(counts) + Long.hashCode(sumNanos);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "n=%d mean=%s p50=%s p95=%s p99=%s max=%s",
        count,
        Durations.format(mean()),
        Durations.format(p50()),
        Durations.format(p95()),
        Durations.format(p99()),
        Durations.format(max()));
  }
}
