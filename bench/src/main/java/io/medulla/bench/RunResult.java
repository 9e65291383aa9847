package io.medulla.bench;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The measured result of one mode at one concurrency.
 *
 * @param mode the mode's label
 * @param concurrency the requests kept in flight
 * @param throughput completed requests per second over all measurement windows
 * @param latency latency percentiles over all measurement windows
 * @param stability whether the last three windows agreed within 10%
 * @param windows each measurement window, in order
 * @param error why the run failed, or null when it did not
 */
record RunResult(
    String mode,
    int concurrency,
    double throughput,
    LatencyStats latency,
    Stability stability,
    List<WindowResult> windows,
    @Nullable String error) {
  /** Creates a result; copies the windows. */
  RunResult {
    windows = List.copyOf(windows);
  }

  /** Returns the result of a run that failed. */
  static RunResult failed(String label, int concurrency, String error) {
    return new RunResult(
        label,
        concurrency,
        0,
        LatencyStats.EMPTY,
        new Stability(false, "failed"),
        List.of(),
        error);
  }
}
