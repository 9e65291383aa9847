package io.medulla.planning;

import org.jspecify.annotations.Nullable;

/**
 * One instance to place: a model's equal share of its rate, with what it costs on each device type
 * it can run on. Both packers place the same items.
 *
 * <p>The three weights are each the least cost, over the types the item can run on, of the part of
 * a device the item takes: by compute alone, by memory alone, and by the larger of the two (its
 * "value"). A device of type {@code T} holds items whose compute weights sum to at most its cost,
 * and likewise for memory, which is what makes them lower bounds for the exact search.
 *
 * <p>Immutable.
 */
final class Item {
  final int model;
  final String name;
  final int part;
  final int parts;
  final double requestsPerSecond;
  final long memoryBytes;
  final boolean pinned;
  private final @Nullable BatchChoice[] choices;
  final double computeWeight;
  final double memoryWeight;
  final double value;

  Item(
      int model,
      String name,
      int part,
      int parts,
      double requestsPerSecond,
      long memoryBytes,
      boolean pinned,
      @Nullable BatchChoice[] choices,
      PackingInput.Types types) {
    this.model = model;
    this.name = name;
    this.part = part;
    this.parts = parts;
    this.requestsPerSecond = requestsPerSecond;
    this.memoryBytes = memoryBytes;
    this.pinned = pinned;
    this.choices = choices.clone();
    double compute = Double.POSITIVE_INFINITY;
    double memory = Double.POSITIVE_INFINITY;
    double dominant = Double.POSITIVE_INFINITY;
    for (int type = 0; type < choices.length; type++) {
      BatchChoice choice = choices[type];
      if (choice == null) {
        continue;
      }
      double computeFraction = choice.computeShare() / types.maxUtilisation();
      double memoryFraction = (double) memoryBytes / types.memoryBytes(type);
      double cost = types.cost(type);
      compute = Math.min(compute, cost * computeFraction);
      memory = Math.min(memory, cost * memoryFraction);
      dominant = Math.min(dominant, cost * Math.max(computeFraction, memoryFraction));
    }
    this.computeWeight = compute;
    this.memoryWeight = memory;
    this.value = dominant;
  }

  /** Returns whether the item may run on a device of the type, alone. */
  boolean runsOn(int type) {
    return choices[type] != null;
  }

  /** Returns the item's batch choice on a type it runs on. */
  BatchChoice choiceOn(int type) {
    BatchChoice choice = choices[type];
    if (choice == null) {
      throw new IllegalStateException(name + " part " + part + " does not run on type " + type);
    }
    return choice;
  }

  /** Returns the item's compute share on a type it runs on. */
  double shareOn(int type) {
    return choiceOn(type).computeShare();
  }

  /** Orders larger items first, then by model name and part: the packing order of both packers. */
  static int largestFirst(Item a, Item b) {
    int byValue = Double.compare(b.value, a.value);
    if (byValue != 0) {
      return byValue;
    }
    int byName = a.name.compareTo(b.name);
    return byName != 0 ? byName : Integer.compare(a.part, b.part);
  }

  PlacedInstance placedOn(int type) {
    BatchChoice choice = choiceOn(type);
    return new PlacedInstance(
        name,
        part,
        parts,
        requestsPerSecond,
        choice.batchSize(),
        choice.computeShare(),
        memoryBytes,
        choice.worstLatency());
  }

  @Override
  public String toString() {
    return name + "#" + part + "/" + parts;
  }
}
