package io.medulla.planning;

import java.util.ArrayList;
import java.util.List;

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
