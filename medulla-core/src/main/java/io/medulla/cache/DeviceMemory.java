package io.medulla.cache;

import static java.util.Objects.requireNonNull;

/**
 * How much of one device's memory budget is held.
 *
 * @param device the device: {@code "host"} or {@code "gpu<N>"}
 * @param usedBytes the footprint of the loaded versions on the device
 * @param reservedBytes the bytes reserved by loads in progress
 * @param budgetBytes the budget, or {@link Long#MAX_VALUE} when the device has no limit
 */
public record DeviceMemory(String device, long usedBytes, long reservedBytes, long budgetBytes) {
  /** Creates a figure; validates the fields. */
  public DeviceMemory {
    requireNonNull(device, "device");
    if (usedBytes < 0 || reservedBytes < 0 || budgetBytes <= 0) {
      throw new IllegalArgumentException("device memory figures must be >= 0 (budget > 0)");
    }
  }

  /** Returns the bytes neither used nor reserved: negative when the device is over budget. */
  public long freeBytes() {
    if (budgetBytes == Long.MAX_VALUE) {
      return Long.MAX_VALUE;
    }
    return budgetBytes - usedBytes - reservedBytes;
  }
}
