package io.medulla.planning;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A device being filled: its type, the items on it, and the memory and compute they take.
 *
 * <p>Mutable, for one packing run on one thread.
 */
final class DeviceLoad {
  private final PackingInput.Types types;
  private int type;
  private final List<Item> items = new ArrayList<>();
  private long memoryBytes;
  private double share;

  DeviceLoad(PackingInput.Types types, int type) {
    this.types = types;
    this.type = type;
  }

  int type() {
    return type;
  }

  double cost() {
    return types.cost(type);
  }

  List<Item> items() {
    return items;
  }

  boolean isEmpty() {
    return items.isEmpty();
  }

  /** Returns whether the item can join the device without breaking memory or utilisation. */
  boolean fits(Item item) {
    return item.runsOn(type)
        && memoryBytes + item.memoryBytes <= types.memoryBytes(type)
        && share + item.shareOn(type) <= types.maxUtilisation() + PackingInput.EPS;
  }

  void add(Item item) {
    items.add(item);
    memoryBytes += item.memoryBytes;
    share += item.shareOn(type);
  }

  void remove(Item item) {
    if (!items.remove(item)) {
      throw new IllegalStateException(item + " is not on this device");
    }
    recompute();
  }

  /** Returns the memory and compute left after adding the item, as fractions summed. */
  double slackAfter(Item item) {
    double memory = (double) (types.memoryBytes(type) - memoryBytes - item.memoryBytes);
    double compute = types.maxUtilisation() - share - item.shareOn(type);
    return memory / types.memoryBytes(type) + compute / types.maxUtilisation();
  }

  /**
   * Returns by how much the device would be over its memory and utilisation bound, as fractions
   * summed, with {@code in} added and {@code out} removed (either may be null): zero when it fits.
   * The repair search minimises this.
   */
  double overloadAfter(@Nullable Item in, @Nullable Item out) {
    long memory = memoryBytes;
    double load = share;
    if (in != null) {
      memory += in.memoryBytes;
      load += in.shareOn(type);
    }
    if (out != null) {
      memory -= out.memoryBytes;
      load -= out.shareOn(type);
    }
    double memoryExcess = Math.max(0, memory - types.memoryBytes(type));
    double computeExcess =
        load > types.maxUtilisation() + PackingInput.EPS ? load - types.maxUtilisation() : 0;
    return memoryExcess / types.memoryBytes(type) + computeExcess / types.maxUtilisation();
  }

  /** Returns the device's overload as it is ({@link #overloadAfter} with no change). */
  double overload() {
    return overloadAfter(null, null);
  }

  /** Puts the device back to a type and a set of items, as a snapshot recorded them. */
  void reset(int newType, List<Item> newItems) {
    type = newType;
    items.clear();
    items.addAll(newItems);
    recompute();
  }

  /** Returns the items' total value per unit of the device's cost: how well it is used. */
  double valueDensity() {
    double value = 0;
    for (Item item : items) {
      value += item.value;
    }
    return value / cost();
  }

  /** Returns whether these items, all together, fit on a device of another type. */
  static boolean allFit(List<Item> items, PackingInput.Types types, int type) {
    long memory = 0;
    double share = 0;
    for (Item item : items) {
      if (!item.runsOn(type)) {
        return false;
      }
      memory += item.memoryBytes;
      share += item.shareOn(type);
    }
    return memory <= types.memoryBytes(type) && share <= types.maxUtilisation() + PackingInput.EPS;
  }

  /** Moves the device to another type that {@link #allFit} its items. */
  void retype(int newType) {
    type = newType;
    recompute();
  }

  private void recompute() {
    memoryBytes = 0;
    share = 0;
    for (Item item : items) {
      memoryBytes += item.memoryBytes;
      share += item.shareOn(type);
    }
  }
}
