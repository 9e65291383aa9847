package io.medulla.planning;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What one model needs on one device type at its peak rate.
 *
 * @param deviceType the device type's name
 * @param batch the cheapest batch size that meets the model's latency budget on it, if any
 * @param memoryBytesPerInstance the memory one instance takes
 */
public record DeviceNeed(
    String deviceType, Optional<BatchChoice> batch, long memoryBytesPerInstance) {
  /** Validates the need. */
  public DeviceNeed {
    requireNonNull(deviceType, "deviceType");
    requireNonNull(batch, "batch");
  }

  /** Returns the busy fraction of one instance at the peak, or infinity when no batch fits. */
  public double computeShare() {
    return batch.map(BatchChoice::computeShare).orElse(Double.POSITIVE_INFINITY);
  }
}
