package io.medulla.bench;

/**
 * What one measurement window saw.
 *
 * @param seconds the window's measured length
 * @param throughput completed requests per second
 * @param latency the latencies of the requests completed in the window
 */
record WindowResult(double seconds, double throughput, LatencyStats latency) {
  /** Returns the result of a window of {@code nanos} length that completed {@code latencies}. */
  static WindowResult of(long nanos, long[] latencies) {
    double seconds = nanos / 1e9;
    return new WindowResult(seconds, latencies.length / seconds, LatencyStats.of(latencies));
  }
}
