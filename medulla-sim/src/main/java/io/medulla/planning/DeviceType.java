package io.medulla.planning;

import static java.util.Objects.requireNonNull;

/**
 * A kind of device that may be bought: a GPU model, or a CPU node.
 *
 * @param name the type's name, unique within a problem
 * @param memoryBytes the memory its instances share (&gt; 0)
 * @param speed its speed relative to the reference device of the batch profiles: an execution there
 *     takes {@code profile time / speed} (&gt; 0)
 * @param cost what one device costs, in any unit the caller chooses (&gt; 0)
 * @param maxCount how many may be bought ({@link #UNLIMITED} for no bound)
 */
public record DeviceType(String name, long memoryBytes, double speed, double cost, int maxCount) {
  /** The {@code maxCount} of a type that may be bought without bound. */
  public static final int UNLIMITED = Integer.MAX_VALUE;

  /** Validates the fields. */
  public DeviceType {
    requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("name: empty (expected: a name)");
    }
    if (memoryBytes <= 0) {
      throw new IllegalArgumentException(
          name + ": memoryBytes " + memoryBytes + " (expected: > 0)");
    }
    if (!(speed > 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException(name + ": speed " + speed + " (expected: finite, > 0)");
    }
    if (!(cost > 0) || Double.isInfinite(cost)) {
      throw new IllegalArgumentException(name + ": cost " + cost + " (expected: finite, > 0)");
    }
    if (maxCount < 1) {
      throw new IllegalArgumentException(name + ": maxCount " + maxCount + " (expected: >= 1)");
    }
  }

  /** Creates a type that may be bought without bound. */
  public DeviceType(String name, long memoryBytes, double speed, double cost) {
    this(name, memoryBytes, speed, cost, UNLIMITED);
  }

  /** Returns a copy of which at most {@code maxCount} may be bought. */
  public DeviceType withMaxCount(int maxCount) {
    return new DeviceType(name, memoryBytes, speed, cost, maxCount);
  }

  /** Returns whether the number that may be bought is bounded. */
  public boolean isLimited() {
    return maxCount != UNLIMITED;
  }
}
