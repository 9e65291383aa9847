package io.medulla.planning;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The models to place and the devices they may be placed on.
 *
 * @param models the models, each with its demand; names unique
 * @param available the device types that may be bought; names unique, at least one
 * @param maxUtilisation the largest compute share a device may carry, in (0, 1]; the rest is
 *     headroom for bursts and for queueing the latency model leaves out (e.g. 0.8)
 */
public record PackingProblem(
    List<ModelDemand> models, List<DeviceType> available, double maxUtilisation) {
  /** Validates the fields and copies the lists. */
  public PackingProblem {
    models = List.copyOf(requireNonNull(models, "models"));
    available = List.copyOf(requireNonNull(available, "available"));
    if (available.isEmpty()) {
      throw new IllegalArgumentException("available: empty (expected: at least one device type)");
    }
    if (!(maxUtilisation > 0 && maxUtilisation <= 1)) {
      throw new IllegalArgumentException(
          "maxUtilisation: " + maxUtilisation + " (expected: in (0, 1])");
    }
    Set<String> names = new HashSet<>();
    for (ModelDemand model : models) {
      if (!names.add(model.model())) {
        throw new IllegalArgumentException("models: " + model.model() + " appears twice");
      }
    }
    names.clear();
    for (DeviceType type : available) {
      if (!names.add(type.name())) {
        throw new IllegalArgumentException("available: " + type.name() + " appears twice");
      }
    }
  }
}
