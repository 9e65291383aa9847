package io.medulla.planning;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The heuristic's improvement pass: moves that each lower the cost, repeated until none applies.
 *
 * <ol>
 *   <li><b>Empty a device</b>: the least-used devices first (least value per unit of cost), try to
 *       move all of a device's instances onto the others, tightest fit first; if they all move, the
 *       device goes.
 *   <li><b>Downsize</b>: move a device to the cheapest type that still holds all its instances.
 *   <li><b>Merge two</b>: replace two of the least-used devices with one device of a type that
 *       holds both sets of instances and costs less than the pair.
 * </ol>
 *
 * <p>Every move strictly lowers the cost, so the pass ends. Single use, one thread.
 */
final class Consolidation {
  /** How many of the least-used devices the pairwise merge looks at: it is quadratic. */
  private static final int MERGE_CANDIDATES = 24;

  private final PackingInput.Types types;
  private final List<DeviceLoad> devices;
  private final int[] counts;

  Consolidation(PackingInput.Types types, List<DeviceLoad> devices, int[] counts) {
    this.types = types;
    this.devices = devices;
    this.counts = counts;
  }

  void run() {
    boolean improved = true;
    while (improved) {
      improved = emptyOne() || downsizeOne() || mergeTwo();
    }
  }

  private List<DeviceLoad> leastUsedFirst() {
    List<DeviceLoad> sorted = new ArrayList<>(devices);
    sorted.sort(Comparator.comparingDouble(DeviceLoad::valueDensity));
    return sorted;
  }

  private boolean emptyOne() {
    for (DeviceLoad candidate : leastUsedFirst()) {
      if (moveAllElsewhere(candidate)) {
        devices.remove(candidate);
        counts[candidate.type()]--;
        return true;
      }
    }
    return false;
  }

  /** Moves every item of the device to other devices, or moves nothing. */
  private boolean moveAllElsewhere(DeviceLoad source) {
    List<Item> moving = new ArrayList<>(source.items());
    moving.sort(Item::largestFirst);
    List<DeviceLoad> others = new ArrayList<>(devices);
    others.remove(source);
    List<DeviceLoad> targets = new ArrayList<>();
    for (Item item : moving) {
      DeviceLoad target = GreedyPacking.tightest(others, item, null);
      if (target == null) {
        for (int i = 0; i < targets.size(); i++) {
          targets.get(i).remove(moving.get(i));
        }
        return false;
      }
      target.add(item);
      targets.add(target);
    }
    return true;
  }

  private boolean downsizeOne() {
    for (DeviceLoad device : devices) {
      int cheaper = cheapestHolding(device.items(), device.cost(), device.type(), -1);
      if (cheaper >= 0) {
        counts[device.type()]--;
        counts[cheaper]++;
        device.retype(cheaper);
        return true;
      }
    }
    return false;
  }

  private boolean mergeTwo() {
    List<DeviceLoad> candidates = leastUsedFirst();
    candidates = candidates.subList(0, Math.min(MERGE_CANDIDATES, candidates.size()));
    double bestSaving = 0;
    DeviceLoad bestA = null;
    DeviceLoad bestB = null;
    int bestType = -1;
    for (int a = 0; a < candidates.size(); a++) {
      for (int b = a + 1; b < candidates.size(); b++) {
        DeviceLoad first = candidates.get(a);
        DeviceLoad second = candidates.get(b);
        List<Item> both = new ArrayList<>(first.items());
        both.addAll(second.items());
        double pairCost = first.cost() + second.cost();
        int type = cheapestHolding(both, pairCost, first.type(), second.type());
        if (type >= 0 && pairCost - types.cost(type) > bestSaving + PackingInput.EPS) {
          bestSaving = pairCost - types.cost(type);
          bestA = first;
          bestB = second;
          bestType = type;
        }
      }
    }
    if (bestA == null || bestB == null) {
      return false;
    }
    devices.remove(bestB);
    counts[bestB.type()]--;
    counts[bestA.type()]--;
    counts[bestType]++;
    bestA.retype(bestType);
    for (Item item : bestB.items()) {
      bestA.add(item);
    }
    return true;
  }

  /**
   * Returns the cheapest type, costing less than {@code budget}, that holds all the items and of
   * which one more may be bought once the devices of types {@code freedA} and {@code freedB} are
   * given back (-1 for none); or -1.
   */
  private int cheapestHolding(List<Item> items, double budget, int freedA, int freedB) {
    int best = -1;
    for (int type = 0; type < types.count(); type++) {
      int inUse = counts[type] - (type == freedA ? 1 : 0) - (type == freedB ? 1 : 0);
      if (inUse >= types.maxCount(type)
          || types.cost(type) >= budget - PackingInput.EPS
          || !DeviceLoad.allFit(items, types, type)) {
        continue;
      }
      if (best < 0 || types.cost(type) < types.cost(best)) {
        best = type;
      }
    }
    return best;
  }
}
