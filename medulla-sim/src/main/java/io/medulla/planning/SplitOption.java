package io.medulla.planning;

import java.util.List;

/**
 * One way to split a model's rate: {@code parts} equal instances.
 *
 * <p>Immutable.
 */
final class SplitOption {
  final int parts;
  final List<Item> items;
  final double computeWeight;
  final double memoryWeight;
  final double value;

  SplitOption(int parts, List<Item> items) {
    this.parts = parts;
    this.items = List.copyOf(items);
    double compute = 0;
    double memory = 0;
    double dominant = 0;
    for (Item item : items) {
      compute += item.computeWeight;
      memory += item.memoryWeight;
      dominant += item.value;
    }
    this.computeWeight = compute;
    this.memoryWeight = memory;
    this.value = dominant;
  }
}
