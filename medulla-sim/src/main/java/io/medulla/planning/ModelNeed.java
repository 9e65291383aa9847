package io.medulla.planning;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * One model's demand: its request rate by hour of the day, the latency budget its callers leave it,
 * its profile and what it needs on each device type.
 *
 * @param model the model name
 * @param hourlyRequestsPerSecond 24 rates, hour 0 = midnight
 * @param latencyBudget the share of the tightest SLO among its callers that this model may use
 * @param memoryBytesPerInstance the memory one instance takes (the profile's footprint divided by
 *     its instances)
 * @param p50 the median execution time by batch size (one instance)
 * @param p99 the 99th-percentile execution time by batch size (one instance)
 * @param devices what it needs on each device type, in the order the types were given
 */
public record ModelNeed(
    String model,
    List<Double> hourlyRequestsPerSecond,
    Duration latencyBudget,
    long memoryBytesPerInstance,
    BatchProfile p50,
    BatchProfile p99,
    List<DeviceNeed> devices) {
  /** Copies the lists. */
  public ModelNeed {
    requireNonNull(model, "model");
    hourlyRequestsPerSecond = List.copyOf(hourlyRequestsPerSecond);
    requireNonNull(latencyBudget, "latencyBudget");
    requireNonNull(p50, "p50");
    requireNonNull(p99, "p99");
    devices = List.copyOf(devices);
  }

  /** Returns the highest hourly rate. */
  public double peakRequestsPerSecond() {
    double peak = 0;
    for (double r : hourlyRequestsPerSecond) {
      peak = Math.max(peak, r);
    }
    return peak;
  }

  /** Returns this model as the packer's input, at its peak rate. */
  public ModelDemand toPacking() {
    return ModelDemand.of(
        model, peakRequestsPerSecond(), latencyBudget, memoryBytesPerInstance, p50);
  }
}
