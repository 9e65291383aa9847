package io.medulla.planning;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One heuristic packing run for one choice of split per model.
 *
 * <p>Pinned items go first (they have the fewest places to go), then the rest, largest first by the
 * run's {@link ItemOrder} (value unless told otherwise). Each item goes to the open device it fits
 * tightest (least memory and compute left over, summed as fractions); when none fits, a new device
 * is opened. Its type is the run's preferred type when the item runs on it; otherwise the type that
 * looks most cost-efficient: for each type the item can run on, an empty device is filled with the
 * item and then, first-fit, with the items still to come, and the type whose device carries the
 * most value per unit of cost wins. This look-ahead is what lets small and large device types mix.
 * {@link Consolidation} improves the result.
 *
 * <p>Single use, one thread.
 */
final class GreedyPacking {
  /** The preferred type of a run that always chooses new devices' types by look-ahead. */
  static final int LOOK_AHEAD = -1;

  private final PackingInput input;
  private final int preferredType;
  private final PackingInput.Types types;
  private final List<Item> order = new ArrayList<>();
  private final List<DeviceLoad> devices = new ArrayList<>();
  private final int[] counts;
  private final Set<Integer> failedModels = new HashSet<>();
  private final List<Unplaceable> givenUp = new ArrayList<>();

  /**
   * Creates a run that opens devices of {@code preferredType} whenever the item runs on it, and
   * chooses by look-ahead otherwise ({@link #LOOK_AHEAD} always chooses by look-ahead).
   */
  GreedyPacking(PackingInput input, int[] splitChoice, int preferredType) {
    this(input, splitChoice, preferredType, ItemOrder.VALUE);
  }

  /** Creates a run as above that takes the items in the given order, pinned ones first. */
  GreedyPacking(PackingInput input, int[] splitChoice, int preferredType, ItemOrder itemOrder) {
    this.input = input;
    this.preferredType = preferredType;
    this.types = input.types;
    this.counts = new int[types.count()];
    List<Item> pinned = new ArrayList<>();
    List<Item> free = new ArrayList<>();
    for (ModelOptions model : input.models) {
      for (Item item : model.splits.get(splitChoice[model.index]).items) {
        (item.pinned ? pinned : free).add(item);
      }
    }
    pinned.sort(itemOrder.comparator);
    free.sort(itemOrder.comparator);
    order.addAll(pinned);
    order.addAll(free);
  }

  /** The devices and the models given up for lack of devices. */
  record Result(List<DeviceLoad> devices, List<Unplaceable> givenUp) {
    double cost() {
      return devices.stream().mapToDouble(DeviceLoad::cost).sum();
    }

    /**
     * Returns whether this result places more models, or as many for less, or as cheap on fewer.
     */
    boolean isBetterThan(Result other) {
      if (givenUp.size() != other.givenUp.size()) {
        return givenUp.size() < other.givenUp.size();
      }
      double cost = cost();
      double otherCost = other.cost();
      if (Math.abs(cost - otherCost) > PackingInput.EPS * Math.max(1, otherCost)) {
        return cost < otherCost;
      }
      return devices.size() < other.devices.size();
    }
  }

  Result run() {
    for (int i = 0; i < order.size(); i++) {
      Item item = order.get(i);
      if (failedModels.contains(item.model)) {
        continue;
      }
      DeviceLoad target = tightestOpen(item);
      if (target == null) {
        int type = mostEfficientType(item, i);
        if (type < 0) {
          giveUp(item);
          continue;
        }
        target = new DeviceLoad(types, type);
        devices.add(target);
        counts[type]++;
      }
      target.add(item);
    }
    new Consolidation(types, devices, counts).run();
    return new Result(List.copyOf(devices), List.copyOf(givenUp));
  }

  private @Nullable DeviceLoad tightestOpen(Item item) {
    return tightest(devices, item, null);
  }

  /** Returns the device, other than {@code except}, that the item fits tightest, or null. */
  static @Nullable DeviceLoad tightest(
      List<DeviceLoad> devices, Item item, @Nullable DeviceLoad except) {
    DeviceLoad best = null;
    double bestSlack = Double.POSITIVE_INFINITY;
    for (DeviceLoad device : devices) {
      if (device == except || !device.fits(item)) {
        continue;
      }
      double slack = device.slackAfter(item);
      if (slack < bestSlack - PackingInput.EPS) {
        best = device;
        bestSlack = slack;
      }
    }
    return best;
  }

  private int mostEfficientType(Item item, int position) {
    if (preferredType != LOOK_AHEAD
        && counts[preferredType] < types.maxCount(preferredType)
        && item.runsOn(preferredType)) {
      return preferredType;
    }
    int best = -1;
    double bestEfficiency = 0;
    for (int type = 0; type < types.count(); type++) {
      if (counts[type] >= types.maxCount(type) || !item.runsOn(type)) {
        continue;
      }
      double efficiency = lookAheadValue(item, position, type) / types.cost(type);
      boolean better =
          best < 0
              || efficiency > bestEfficiency * (1 + 1e-9)
              || (efficiency >= bestEfficiency * (1 - 1e-9) && types.cost(type) < types.cost(best));
      if (better) {
        best = type;
        bestEfficiency = efficiency;
      }
    }
    return best;
  }

  /** Returns the value an empty device of the type would carry: the item, then first-fit. */
  private double lookAheadValue(Item item, int position, int type) {
    DeviceLoad trial = new DeviceLoad(types, type);
    trial.add(item);
    double value = item.value;
    for (int j = position + 1; j < order.size(); j++) {
      Item next = order.get(j);
      if (!failedModels.contains(next.model) && trial.fits(next)) {
        trial.add(next);
        value += next.value;
      }
    }
    return value;
  }

  /** Takes every placed instance of the item's model back out: a model is placed whole or not. */
  private void giveUp(Item item) {
    failedModels.add(item.model);
    for (DeviceLoad device : devices) {
      for (Item placed : List.copyOf(device.items())) {
        if (placed.model == item.model) {
          device.remove(placed);
        }
      }
    }
    for (int i = devices.size() - 1; i >= 0; i--) {
      if (devices.get(i).isEmpty()) {
        counts[devices.get(i).type()]--;
        devices.remove(i);
      }
    }
    ModelDemand demand = input.models.get(item.model).demand;
    givenUp.add(
        new Unplaceable(
            demand.model(),
            Unplaceable.Reason.NO_DEVICE_LEFT,
            "instance "
                + (item.part + 1)
                + " of "
                + item.parts
                + " fits no open device, and every type it runs on is at its maxCount"));
  }
}
