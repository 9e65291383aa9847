package io.medulla.planning;

import java.util.List;

/**
 * A placeable model and its candidate splits.
 *
 * <p>A candidate is the fewest equal instances that one device type can run within the SLO and the
 * utilisation bound; distinct counts only, fewest first. {@code splitForType[t]} names the
 * candidate that type {@code t} asked for, or -1 when the model cannot run on {@code t}.
 *
 * <p>Immutable.
 */
final class ModelOptions {
  final int index;
  final ModelDemand demand;
  final List<SplitOption> splits;
  private final int[] splitForType;

  ModelOptions(int index, ModelDemand demand, List<SplitOption> splits, int[] splitForType) {
    this.index = index;
    this.demand = demand;
    this.splits = List.copyOf(splits);
    this.splitForType = splitForType.clone();
  }

  String name() {
    return demand.model();
  }

  /** Returns the candidate type {@code t} asked for, or -1. */
  int splitForType(int type) {
    return splitForType[type];
  }

  /** Returns the candidate with the smallest total value (fewest instances on a tie). */
  int cheapestSplit() {
    int best = 0;
    for (int i = 1; i < splits.size(); i++) {
      if (splits.get(i).value < splits.get(best).value * (1 - 1e-12)) {
        best = i;
      }
    }
    return best;
  }

  double minComputeWeight() {
    return splits.stream().mapToDouble(s -> s.computeWeight).min().orElseThrow();
  }

  double minMemoryWeight() {
    return splits.stream().mapToDouble(s -> s.memoryWeight).min().orElseThrow();
  }

  double minValue() {
    return splits.stream().mapToDouble(s -> s.value).min().orElseThrow();
  }
}
