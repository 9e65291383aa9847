package io.medulla.planning;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The heuristic's second improvement pass: removes a device, or moves it to a cheaper type, when
 * its instances can be made to fit elsewhere by rearranging the other devices too.
 *
 * <p>{@link Consolidation} only moves instances into space that is already free, so it misses a
 * cheaper packing that needs other instances to move out of the way first (a compute-heavy instance
 * trading places with a memory-heavy one, say). Here a device is taken away (or retyped to a
 * cheaper type that keeps as many of its instances as fit); its other instances go where they
 * overload the rest least; then a repair search moves single instances off overloaded devices or
 * swaps them with instances on other devices, always taking the change that lowers the total
 * overload most, until nothing is overloaded (the cheaper packing is kept) or no change helps (the
 * attempt is undone). Each step strictly lowers the overload, each attempt has a step limit, and
 * the whole pass stops once it has evaluated its budget of moves (which keeps it fast on hundreds
 * of devices).
 *
 * <p>Single use, one thread.
 */
final class DeviceElimination {
  /** How many of the least-used devices are tried as the one to remove or retype. */
  private static final int CANDIDATES = 12;

  /** The most repair steps one attempt may take. */
  private static final int MAX_STEPS = 64;

  private static final double GAIN = 1e-12;

  private final PackingInput.Types types;
  private final List<DeviceLoad> devices;
  private final int[] counts;
  private final long budget;
  private long evaluations;

  /**
   * Creates a pass over the devices (changed in place, with {@code counts} per type kept in step)
   * that evaluates at most {@code budget} moves.
   */
  DeviceElimination(PackingInput.Types types, List<DeviceLoad> devices, int[] counts, long budget) {
    this.types = types;
    this.devices = devices;
    this.counts = counts;
    this.budget = budget;
  }

  /** Returns the devices as the pass left them. */
  List<DeviceLoad> devicesAfter() {
    return List.copyOf(devices);
  }

  /** Returns how many moves the pass has evaluated so far. */
  long evaluations() {
    return evaluations;
  }

  /**
   * Tries each of the least-used devices in turn, then runs {@link Consolidation} when any attempt
   * succeeded, and repeats until a round changes nothing or the budget is spent; returns whether
   * the cost fell. Book-keeping over all devices (sorting, snapshots, overload checks) counts
   * against the budget as one move per device.
   */
  boolean run() {
    boolean any = false;
    boolean improved = true;
    while (improved && evaluations < budget) {
      improved = false;
      List<DeviceLoad> sorted = new ArrayList<>(devices);
      sorted.sort(Comparator.comparingDouble(DeviceLoad::valueDensity));
      evaluations += devices.size();
      for (DeviceLoad target : sorted.subList(0, Math.min(CANDIDATES, sorted.size()))) {
        if (evaluations >= budget) {
          break;
        }
        if (tryRemove(target) || tryCheaperType(target)) {
          improved = true;
          any = true;
        }
      }
      if (improved) {
        new Consolidation(types, devices, counts).run();
      }
    }
    return any;
  }

  private boolean tryRemove(DeviceLoad target) {
    Map<DeviceLoad, Snapshot> before = snapshot();
    List<DeviceLoad> others = new ArrayList<>(devices);
    others.remove(target);
    List<Item> moving = new ArrayList<>(target.items());
    target.reset(target.type(), List.of());
    if (placeLeastOverloading(moving, others) && repair(others)) {
      devices.remove(target);
      counts[target.type()]--;
      return true;
    }
    restore(before);
    return false;
  }

  private boolean tryCheaperType(DeviceLoad target) {
    int from = target.type();
    for (int type = 0; type < types.count(); type++) {
      if (types.cost(type) >= target.cost() - PackingInput.EPS
          || counts[type] >= types.maxCount(type)) {
        continue;
      }
      Map<DeviceLoad, Snapshot> before = snapshot();
      List<Item> all = new ArrayList<>(target.items());
      all.sort(Item::largestFirst);
      target.reset(type, List.of());
      List<Item> moving = new ArrayList<>();
      for (Item item : all) {
        if (target.fits(item)) {
          target.add(item);
        } else {
          moving.add(item);
        }
      }
      if (placeLeastOverloading(moving, devices) && repair(devices)) {
        counts[from]--;
        counts[type]++;
        return true;
      }
      restore(before);
    }
    return false;
  }

  /** Puts each item where it adds the least overload; false if some item runs on none. */
  private boolean placeLeastOverloading(List<Item> moving, List<DeviceLoad> targets) {
    moving.sort(Item::largestFirst);
    for (Item item : moving) {
      DeviceLoad best = null;
      double bestIncrease = Double.POSITIVE_INFINITY;
      for (DeviceLoad device : targets) {
        if (!item.runsOn(device.type())) {
          continue;
        }
        evaluations++;
        double increase = device.overloadAfter(item, null) - device.overload();
        if (increase < bestIncrease - GAIN) {
          best = device;
          bestIncrease = increase;
        }
      }
      if (best == null) {
        return false;
      }
      best.add(item);
    }
    return true;
  }

  /**
   * Moves or swaps instances among the devices, steepest descent on their total overload, until
   * none is overloaded (true) or no change lowers it or a limit is reached (false).
   */
  private boolean repair(List<DeviceLoad> pool) {
    for (int step = 0; step < MAX_STEPS && evaluations < budget; step++) {
      evaluations += pool.size();
      if (pool.stream().allMatch(device -> device.overload() <= 0)) {
        return true;
      }
      Move best = null;
      for (DeviceLoad source : pool) {
        double sourceOverload = source.overload();
        if (sourceOverload <= 0) {
          continue;
        }
        for (Item item : source.items()) {
          double sourceAfterMove = source.overloadAfter(null, item);
          for (DeviceLoad target : pool) {
            if (target == source || !item.runsOn(target.type())) {
              continue;
            }
            double targetOverload = target.overload();
            evaluations += 1 + target.items().size();
            double moved =
                sourceAfterMove
                    + target.overloadAfter(item, null)
                    - sourceOverload
                    - targetOverload;
            best = Move.better(best, moved, source, item, target, null);
            for (Item other : target.items()) {
              if (!other.runsOn(source.type())) {
                continue;
              }
              double swapped =
                  source.overloadAfter(other, item)
                      + target.overloadAfter(item, other)
                      - sourceOverload
                      - targetOverload;
              best = Move.better(best, swapped, source, item, target, other);
            }
          }
        }
      }
      if (best == null || best.change >= -GAIN) {
        return false;
      }
      best.apply();
    }
    return pool.stream().allMatch(device -> device.overload() <= 0);
  }

  /** One repair step: {@code item} to {@code target}, and {@code other} back when a swap. */
  private record Move(
      double change, DeviceLoad source, Item item, DeviceLoad target, @Nullable Item other) {
    static Move better(
        @Nullable Move current,
        double change,
        DeviceLoad source,
        Item item,
        DeviceLoad target,
        @Nullable Item other) {
      if (current != null && change >= current.change - GAIN) {
        return current;
      }
      return new Move(change, source, item, target, other);
    }

    void apply() {
      source.remove(item);
      target.add(item);
      if (other != null) {
        target.remove(other);
        source.add(other);
      }
    }
  }

  private record Snapshot(int type, List<Item> items) {}

  private Map<DeviceLoad, Snapshot> snapshot() {
    evaluations += devices.size();
    Map<DeviceLoad, Snapshot> snapshot = new IdentityHashMap<>();
    for (DeviceLoad device : devices) {
      snapshot.put(device, new Snapshot(device.type(), List.copyOf(device.items())));
    }
    return snapshot;
  }

  private static void restore(Map<DeviceLoad, Snapshot> snapshot) {
    snapshot.forEach((device, saved) -> device.reset(saved.type(), saved.items()));
  }
}
