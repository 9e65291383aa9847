package io.medulla.planning;

import java.util.Comparator;

/**
 * The orders in which a greedy run takes its items (pinned ones always first). Which order packs
 * best depends on the mix: memory-heavy and compute-heavy items pair well when the scarcer resource
 * is placed first, and no single measure of size knows which that is, so the heuristic tries each.
 */
enum ItemOrder {
  /** Largest value first: the larger of the item's memory and compute part of a device. */
  VALUE(Item::largestFirst),
  /** Largest memory weight first. */
  MEMORY(
      Comparator.comparingDouble((Item item) -> -item.memoryWeight)
          .thenComparing(Item::largestFirst)),
  /** Largest compute weight first. */
  COMPUTE(
      Comparator.comparingDouble((Item item) -> -item.computeWeight)
          .thenComparing(Item::largestFirst)),
  /** Largest sum of the memory and compute weights first. */
  SUM(
      Comparator.comparingDouble((Item item) -> -(item.memoryWeight + item.computeWeight))
          .thenComparing(Item::largestFirst));

  final Comparator<Item> comparator;

  ItemOrder(Comparator<Item> comparator) {
    this.comparator = comparator;
  }
}
