package io.medulla.server;

import io.medulla.runtime.ModelProfile.Point;
import java.util.Arrays;

/**
 * Turns the execution times of one profile point into its {@link Point}: nearest-rank percentiles
 * (the smallest sample with at least p% of the samples at or below it), the mean, and throughput.
 *
 * <p>Thread safety: stateless.
 */
final class ProfileSamples {
  private ProfileSamples() {}

  /**
   * Returns the point of {@code nanos}, the execution times measured over every instance.
   *
   * @param wallNanos the time from the first execution's start to the last one's end; 0 gives a
   *     throughput of 0
   * @throws IllegalArgumentException when there are no samples
   */
  static Point point(int batchSize, int instances, long[] nanos, long wallNanos) {
    if (nanos.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double sum = 0;
    for (long v : sorted) {
      sum += v;
    }
    double items = (double) sorted.length * batchSize;
    double throughput = wallNanos > 0 ? items * 1e9 / wallNanos : 0;
    return new Point(
        batchSize,
        instances,
        instances,
        percentile(sorted, 0.50),
        percentile(sorted, 0.99),
        Math.round(sum / sorted.length),
        throughput,
        sorted.length);
  }

  /** Returns the nearest-rank percentile {@code p} (0 < p <= 1) of a sorted, non-empty sample. */
  static long percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
