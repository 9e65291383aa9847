package io.medulla.simulation;

import java.util.Arrays;

/**
 * Counts latencies in log-linear buckets: exact below {@value #EXACT} ns, then {@value #SUB}
 * buckets per power of two, so a bucket is at most 1/64 of its values wide and its midpoint is
 * within 0.8% of any value in it. Memory grows with the largest value seen (about 3,700 buckets for
 * an hour). Also keeps the exact count, sum, minimum and maximum. Not thread-safe.
 */
final class LatencyHistogram {
  static final int EXACT = 128;
  static final int SUB = 64;
  private static final int EXACT_BITS = 7;

  private long[] counts = new long[0];
  private long count;
  private long sumNanos;
  private long minNanos = Long.MAX_VALUE;
  private long maxNanos;

  /** Counts one latency (negative values count as zero). */
  void record(long nanos) {
    long v = Math.max(0, nanos);
    int i = index(v);
    if (i >= counts.length) {
      counts = Arrays.copyOf(counts, Math.max(i + 1, counts.length + counts.length / 2));
    }
    counts[i]++;
    count++;
    sumNanos += v;
    minNanos = Math.min(minNanos, v);
    maxNanos = Math.max(maxNanos, v);
  }

  /** Adds every value counted by {@code other}. */
  void add(LatencyHistogram other) {
    if (other.count == 0) {
      return;
    }
    if (other.counts.length > counts.length) {
      counts = Arrays.copyOf(counts, other.counts.length);
    }
    for (int i = 0; i < other.counts.length; i++) {
      counts[i] += other.counts[i];
    }
    count += other.count;
    sumNanos += other.sumNanos;
    minNanos = Math.min(minNanos, other.minNanos);
    maxNanos = Math.max(maxNanos, other.maxNanos);
  }

  /** Returns an immutable copy. */
  LatencyDistribution snapshot() {
    int used = counts.length;
    while (used > 0 && counts[used - 1] == 0) {
      used--;
    }
    return new LatencyDistribution(
        Arrays.copyOf(counts, used), count, sumNanos, count == 0 ? 0 : minNanos, maxNanos);
  }

  /** Returns the bucket of a value. */
  static int index(long nanos) {
    if (nanos < EXACT) {
      return (int) nanos;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(nanos);
    int top = (int) (nanos >>> (exponent - 6));
    return EXACT + (exponent - EXACT_BITS) * SUB + (top - SUB);
  }

  /** Returns the smallest value in bucket {@code index}. */
  static long lowerBound(int index) {
    if (index < EXACT) {
      return index;
    }
    int exponent = EXACT_BITS + (index - EXACT) / SUB;
    long top = SUB + (index - EXACT) % SUB;
    return top << (exponent - 6);
  }
}
