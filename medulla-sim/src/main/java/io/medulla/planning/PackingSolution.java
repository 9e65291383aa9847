package io.medulla.planning;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Where every instance runs, what it costs, and what could not be placed.
 *
 * @param devices the devices bought, each with its instances
 * @param unplaceable the models that were not placed, with the reason
 * @param provenOptimal whether the packer proved that no cheaper packing of the same instances
 *     exists; false for the heuristic and for an exact search that ran out of budget
 */
public record PackingSolution(
    List<PlacedDevice> devices, List<Unplaceable> unplaceable, boolean provenOptimal) {
  /** Validates the fields and copies the lists. */
  public PackingSolution {
    devices = List.copyOf(requireNonNull(devices, "devices"));
    unplaceable = List.copyOf(requireNonNull(unplaceable, "unplaceable"));
  }

  /** Returns the sum of the devices' costs. */
  public double totalCost() {
    double sum = 0;
    for (PlacedDevice device : devices) {
      sum += device.type().cost();
    }
    return sum;
  }

  /** Returns how many instances the devices run together. */
  public int instanceCount() {
    int sum = 0;
    for (PlacedDevice device : devices) {
      sum += device.instances().size();
    }
    return sum;
  }

  /** Returns how many devices of the named type were bought. */
  public int deviceCount(String type) {
    int count = 0;
    for (PlacedDevice device : devices) {
      if (device.type().name().equals(type)) {
        count++;
      }
    }
    return count;
  }

  /** Returns the instances of one model, across all devices. */
  public List<PlacedInstance> instancesOf(String model) {
    return devices.stream()
        .flatMap(device -> device.instances().stream())
        .filter(instance -> instance.model().equals(model))
        .toList();
  }
}
