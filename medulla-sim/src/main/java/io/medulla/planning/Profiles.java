package io.medulla.planning;

import io.medulla.runtime.ModelProfile;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model profile as the planner uses it: median and 99th-percentile execution time by batch size
 * on one instance (the smallest instance count measured), and the memory of one instance.
 *
 * @param p50 median execution time by batch size
 * @param p99 99th-percentile execution time by batch size
 * @param memoryBytesPerInstance the footprint divided by the instances it was measured for
 */
public record Profiles(BatchProfile p50, BatchProfile p99, long memoryBytesPerInstance) {
  /**
   * Returns the planner's view of {@code profile}.
   *
   * @throws IllegalArgumentException when the profile has no measured points
   */
  public static Profiles of(ModelProfile profile) {
    Map<Integer, Integer> instances = new TreeMap<>();
    Map<Integer, Duration> p50 = new TreeMap<>();
    Map<Integer, Duration> p99 = new TreeMap<>();
    for (ModelProfile.Point point : profile.points()) {
      Integer seen = instances.get(point.batchSize());
      if (seen == null || point.instances() < seen) {
        instances.put(point.batchSize(), point.instances());
        p50.put(point.batchSize(), Duration.ofNanos(Math.max(1, point.p50Nanos())));
        p99.put(
            point.batchSize(),
            Duration.ofNanos(Math.max(Math.max(1, point.p50Nanos()), point.p99Nanos())));
      }
    }
    if (p50.isEmpty()) {
      throw new IllegalArgumentException(
          "model '" + profile.model() + "': its profile has no measured points");
    }
    return new Profiles(
        BatchProfile.of(p50),
        BatchProfile.of(p99),
        profile.memoryBytes() / Math.max(1, profile.loadedInstances()));
  }
}
