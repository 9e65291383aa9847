package io.medulla.autoscaling;

/**
 * Log-linear buckets of queue delays in nanoseconds: exact below 8 ns, then eight buckets per
 * doubling, so a bucket is at most 12.5 % wide and any delay up to {@link Long#MAX_VALUE} fits. The
 * index is computed from the bit pattern, without floating point, so replays are exact.
 */
final class DelayBuckets {
  private static final int SUB_BITS = 3;
  private static final int SUB_BUCKETS = 1 << SUB_BITS;

  /** The number of buckets. */
  static final int COUNT = (63 - SUB_BITS + 1) * SUB_BUCKETS;

  private DelayBuckets() {}

  /** Returns the bucket of {@code nanos}; negative delays count as zero. */
  static int index(long nanos) {
    if (nanos < SUB_BUCKETS) {
      return (int) Math.max(0, nanos);
    }
    int exponent = 63 - Long.numberOfLeadingZeros(nanos);
    int mantissa = (int) ((nanos >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1));
    return (exponent - SUB_BITS + 1) * SUB_BUCKETS + mantissa;
  }
}
