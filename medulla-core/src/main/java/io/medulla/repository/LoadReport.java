package io.medulla.repository;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.ModelId;

/**
 * What loading one model version cost, measured by the repository.
 *
 * @param id the model version
 * @param loadNanos time spent in the backend's load (sessions created), in nanoseconds
 * @param warmupNanos time spent running warm-up requests, in nanoseconds
 * @param warmupRuns the number of warm-up executions run over all instances
 * @param device where the version's memory lives: {@code "host"}, or {@code "gpu<N>"}
 * @param memoryBytes the version's footprint: declared in the config ({@code medulla.memory_bytes})
 *     or measured at load
 */
public record LoadReport(
    ModelId id, long loadNanos, long warmupNanos, int warmupRuns, String device, long memoryBytes) {
  /** The device name of host memory. */
  public static final String HOST = "host";

  /** Creates a report; validates the fields. */
  public LoadReport {
    requireNonNull(id, "id");
    requireNonNull(device, "device");
    if (loadNanos < 0 || warmupNanos < 0 || warmupRuns < 0 || memoryBytes < 0) {
      throw new IllegalArgumentException("load report fields must be >= 0");
    }
  }

  /** Returns load plus warm-up time, in nanoseconds: how long before the version could serve. */
  public long totalNanos() {
    return loadNanos + warmupNanos;
  }
}
