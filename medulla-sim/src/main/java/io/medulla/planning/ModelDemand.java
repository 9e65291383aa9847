package io.medulla.planning;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What one model needs: its request rate, its latency SLO, the memory one instance holds, and how
 * long its batches take.
 *
 * @param model the model's name, unique within a problem
 * @param requestsPerSecond the total rate the model must serve (&ge; 0); split over instances when
 *     one instance cannot carry it
 * @param latencySlo the worst-case latency every request must meet (&gt; 0)
 * @param memoryBytesPerInstance the memory one instance holds on its device, whatever its batch
 * @param profile execution time per batch size on the reference device
 * @param pinnedDeviceType the device type every instance must run on, or {@code null} for any
 */
public record ModelDemand(
    String model,
    double requestsPerSecond,
    Duration latencySlo,
    long memoryBytesPerInstance,
    BatchProfile profile,
    @Nullable String pinnedDeviceType) {
  /** Validates the fields. */
  public ModelDemand {
    requireNonNull(model, "model");
    requireNonNull(latencySlo, "latencySlo");
    requireNonNull(profile, "profile");
    if (model.isEmpty()) {
      throw new IllegalArgumentException("model: empty (expected: a name)");
    }
    if (!(requestsPerSecond >= 0) || Double.isInfinite(requestsPerSecond)) {
      throw new IllegalArgumentException(
          model + ": requestsPerSecond " + requestsPerSecond + " (expected: finite, >= 0)");
    }
    if (latencySlo.isNegative() || latencySlo.isZero()) {
      throw new IllegalArgumentException(model + ": latencySlo " + latencySlo + " (expected: > 0)");
    }
    if (memoryBytesPerInstance < 0) {
      throw new IllegalArgumentException(
          model + ": memoryBytesPerInstance " + memoryBytesPerInstance + " (expected: >= 0)");
    }
  }

  /** Creates a demand that may run on any device type. */
  public static ModelDemand of(
      String model,
      double requestsPerSecond,
      Duration latencySlo,
      long memoryBytesPerInstance,
      BatchProfile profile) {
    return new ModelDemand(
        model, requestsPerSecond, latencySlo, memoryBytesPerInstance, profile, null);
  }

  /** Returns a copy pinned to the named device type. */
  public ModelDemand pinnedTo(String deviceType) {
    requireNonNull(deviceType, "deviceType");
    return new ModelDemand(
        model, requestsPerSecond, latencySlo, memoryBytesPerInstance, profile, deviceType);
  }

  /** Returns whether the model must run on one named device type. */
  public boolean isPinned() {
    return pinnedDeviceType != null;
  }
}
