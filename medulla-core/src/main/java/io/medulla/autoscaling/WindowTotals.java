package io.medulla.autoscaling;

import io.medulla.inference.ModelId;
import io.medulla.scheduling.ClinicalPriority;
import java.util.HashMap;
import java.util.Map;

/** The sum of the slots of one window; built and read by one evaluation, never shared. */
final class WindowTotals {
  private static final int PERCENT = 95;

  final long[][] counts = new long[ClinicalPriority.COUNT][DelayBuckets.COUNT];
  final long[][] maxima = new long[ClinicalPriority.COUNT][DelayBuckets.COUNT];
  final long[] misses = new long[ClinicalPriority.COUNT];
  final Map<ModelId, Long> busy = new HashMap<>();

  /** Returns the requests of {@code priority} that ran. */
  long executed(ClinicalPriority priority) {
    long n = 0;
    for (long c : counts[priority.ordinal()]) {
      n += c;
    }
    return n;
  }

  /**
   * Returns the p95 queue delay of {@code priority}, with each miss counted as longer than any
   * delay: {@link ClassWindow#BEYOND_EVERY_DELAY} when misses hold the 95th percentile, 0 with no
   * requests. The value is the largest delay seen in the bucket that holds the percentile: never
   * below the true p95, at most 12.5 % above it.
   */
  long p95(ClinicalPriority priority) {
    int c = priority.ordinal();
    long total = executed(priority) + misses[c];
    if (total == 0) {
      return 0;
    }
    long rank = (PERCENT * total + 99) / 100;
    long seen = 0;
    for (int b = 0; b < DelayBuckets.COUNT; b++) {
      seen += counts[c][b];
      if (seen >= rank) {
        return maxima[c][b];
      }
    }
    return ClassWindow.BEYOND_EVERY_DELAY;
  }

  /** Returns the largest busy time per instance of any one model. */
  long busiestModelNanos() {
    long max = 0;
    for (long nanos : busy.values()) {
      max = Math.max(max, nanos);
    }
    return max;
  }
}
