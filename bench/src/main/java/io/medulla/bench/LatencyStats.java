package io.medulla.bench;

import java.util.Arrays;

/**
 * Latency percentiles of a sample, in microseconds (nearest-rank: the smallest value with at least
 * p% of the sample at or below it).
 *
 * @param count the number of requests
 * @param p50Micros the median
 * @param p90Micros the 90th percentile
 * @param p99Micros the 99th percentile
 * @param p999Micros the 99.9th percentile; meaningful only when {@code count >= 1000}
 * @param maxMicros the largest latency
 * @param meanMicros the arithmetic mean
 */
record LatencyStats(
    long count,
    double p50Micros,
    double p90Micros,
    double p99Micros,
    double p999Micros,
    double maxMicros,
    double meanMicros) {
  /** The statistics of an empty sample: every figure zero. */
  static final LatencyStats EMPTY = new LatencyStats(0, 0, 0, 0, 0, 0, 0);

  /** Returns the statistics of {@code nanos}; sorts a copy. */
  static LatencyStats of(long[] nanos) {
    if (nanos.length == 0) {
      return EMPTY;
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double sum = 0;
    for (long v : sorted) {
      sum += v;
    }
    return new LatencyStats(
        sorted.length,
        micros(percentile(sorted, 0.50)),
        micros(percentile(sorted, 0.90)),
        micros(percentile(sorted, 0.99)),
        micros(percentile(sorted, 0.999)),
        micros(sorted[sorted.length - 1]),
        sum / sorted.length / 1_000.0);
  }

  /** Returns the nearest-rank percentile {@code p} (0 < p <= 1) of a sorted, non-empty sample. */
  static long percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static double micros(long nanos) {
    return nanos / 1_000.0;
  }
}
