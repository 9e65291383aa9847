package io.medulla.planning;

import static java.util.Objects.requireNonNull;

/**
 * A model no device can take, and why.
 *
 * @param model the model's name
 * @param reason the kind of failure
 * @param detail the numbers behind it, for a person to read
 */
public record Unplaceable(String model, Reason reason, String detail) {
  /** Why a model cannot be placed. */
  public enum Reason {
    /** It is pinned to a device type the problem does not offer. */
    UNKNOWN_PINNED_TYPE,
    /** One instance needs more memory than any device it may run on has. */
    MEMORY_EXCEEDS_EVERY_DEVICE,
    /** Even batch 1 on the fastest device it may run on misses its latency SLO. */
    SLO_UNREACHABLE,
    /** Its rate needs more instances than the planner considers. */
    RATE_TOO_HIGH,
    /** Devices that could take it exist, but no more of them may be bought. */
    NO_DEVICE_LEFT
  }

  /** Validates the fields. */
  public Unplaceable {
    requireNonNull(model, "model");
    requireNonNull(reason, "reason");
    requireNonNull(detail, "detail");
  }
}
