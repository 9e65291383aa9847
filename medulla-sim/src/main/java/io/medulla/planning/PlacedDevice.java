package io.medulla.planning;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One bought device and the instances it runs.
 *
 * @param type the device's type
 * @param instances the instances on it, at least one
 */
public record PlacedDevice(DeviceType type, List<PlacedInstance> instances) {
  /** Validates the fields and copies the list. */
  public PlacedDevice {
    requireNonNull(type, "type");
    instances = List.copyOf(requireNonNull(instances, "instances"));
  }

  /** Returns the sum of the instances' compute shares. */
  public double utilisation() {
    double sum = 0;
    for (PlacedInstance instance : instances) {
      sum += instance.computeShare();
    }
    return sum;
  }

  /** Returns the memory the instances hold together. */
  public long memoryBytes() {
    long sum = 0;
    for (PlacedInstance instance : instances) {
      sum += instance.memoryBytes();
    }
    return sum;
  }

  /** Returns the fraction of the device's memory the instances hold. */
  public double memoryFraction() {
    return (double) memoryBytes() / type.memoryBytes();
  }
}
