package io.medulla.bench;

import java.util.List;
import java.util.Locale;

/**
 * The stability rule of BENCHMARKS.md (Triton perf_analyzer's): a result counts when, over the last
 * three windows, throughput and p50 latency each stay within 10% of their mean.
 *
 * @param isStable whether the rule held
 * @param detail the largest deviations found, or why the rule could not be applied
 */
record Stability(boolean isStable, String detail) {
  /** The tolerance: each of the last three windows within 10% of their mean. */
  static final double TOLERANCE = 0.10;

  private static final int WINDOWS = 3;

  /** Applies the rule to the windows of one run, in the order measured. */
  static Stability of(List<WindowResult> windows) {
    if (windows.size() < WINDOWS) {
      return new Stability(
          false, "only " + windows.size() + " windows (the rule needs at least " + WINDOWS + ")");
    }
    List<WindowResult> last = windows.subList(windows.size() - WINDOWS, windows.size());
    if (last.stream().anyMatch(w -> w.latency().count() == 0)) {
      return new Stability(false, "a window completed no request (lengthen --window-secs)");
    }
    double throughput = deviation(last.stream().mapToDouble(WindowResult::throughput).toArray());
    double p50 = deviation(last.stream().mapToDouble(w -> w.latency().p50Micros()).toArray());
    boolean stable = throughput <= TOLERANCE && p50 <= TOLERANCE;
    return new Stability(
        stable,
        String.format(
            Locale.ROOT,
            "last %d windows: throughput within %.1f%%, p50 within %.1f%% of their mean",
            WINDOWS,
            throughput * 100,
            p50 * 100));
  }

  /** Returns the largest relative deviation of a value from the values' mean. */
  static double deviation(double[] values) {
    double mean = 0;
    for (double v : values) {
      mean += v;
    }
    mean /= values.length;
    if (mean == 0) {
      return Double.POSITIVE_INFINITY;
    }
    double worst = 0;
    for (double v : values) {
      worst = Math.max(worst, Math.abs(v - mean) / mean);
    }
    return worst;
  }
}
