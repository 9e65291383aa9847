package io.medulla.planning;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * One instance of a model on a device.
 *
 * @param model the model's name
 * @param part which of the model's instances this is, from 0
 * @param parts how many instances the model's rate is split over (each carries an equal share)
 * @param requestsPerSecond the rate this instance carries
 * @param batchSize the batch size it runs at on this device
 * @param computeShare the fraction of the device's time it keeps the device busy
 * @param memoryBytes the memory it holds
 * @param worstLatency its worst-case latency on this device (see {@link BatchChoice})
 */
public record PlacedInstance(
    String model,
    int part,
    int parts,
    double requestsPerSecond,
    int batchSize,
    double computeShare,
    long memoryBytes,
    Duration worstLatency) {
  /** Validates the fields. */
  public PlacedInstance {
    requireNonNull(model, "model");
    requireNonNull(worstLatency, "worstLatency");
    if (parts < 1 || part < 0 || part >= parts) {
      throw new IllegalArgumentException(
          model + ": part " + part + " of " + parts + " (expected: 0 <= part < parts)");
    }
  }
}
