package io.medulla.planning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Depth-first branch and bound: models largest first, for each model each candidate split (cheapest
 * first), and for each of its instances each open device it fits, then a new device of each type it
 * runs on.
 *
 * <p><b>Symmetry.</b> Devices are only opened to take an instance, so there is one branch per type
 * for "a new device" however many empty devices could exist. The instances of one split are
 * identical, so instance {@code j + 1} goes on the device of instance {@code j} or a later one.
 *
 * <p><b>Bound.</b> The cost of the open devices plus the larger of two lower bounds on the devices
 * still to buy: the remaining instances' compute weights minus the compute the open devices have
 * left (valued at their own cost per unit of compute), and the same for memory (see {@link Item}).
 * Models not yet reached count with their lightest split. When the next instance fits no open
 * device, the bound is at least the cheapest type it runs on.
 *
 * <p><b>Device limits.</b> When a type has a {@code maxCount}, a model may also be left out, at a
 * penalty larger than any packing's cost: the search then minimises the models left out first and
 * the cost second.
 *
 * <p><b>Budget.</b> After {@code nodeBudget} nodes (instance placements tried) with a packing in
 * hand, the search stops and returns the best so far, not proven optimal. Single use, one thread.
 */
final class BranchAndBound {
  private static final long NO_PACKING_FACTOR = 20;

  private final PackingInput input;
  private final PackingInput.Types types;
  private final long nodeBudget;
  private final List<ModelOptions> order;
  private final double[] laterCompute;
  private final double[] laterMemory;
  private final boolean mayLeaveOut;
  private final double leaveOutPenalty;

  private final int[] deviceType;
  private final long[] deviceMemory;
  private final double[] deviceShare;
  private int open;
  private double openCost;
  private final int[] counts;
  private final Item[] placedItem;
  private final int[] placedDevice;
  private int depth;
  private final List<ModelOptions> leftOut = new ArrayList<>();

  private long nodes;
  private boolean exhausted;
  private double bestCost = Double.POSITIVE_INFINITY;
  private int[] bestDeviceType = new int[0];
  private Item[] bestItems = new Item[0];
  private int[] bestDevices = new int[0];
  private List<ModelOptions> bestLeftOut = List.of();

  BranchAndBound(PackingInput input, long nodeBudget) {
    this.input = input;
    this.types = input.types;
    this.nodeBudget = nodeBudget;
    List<ModelOptions> sorted = new ArrayList<>(input.models);
    sorted.sort(
        Comparator.comparingDouble(ModelOptions::minValue)
            .reversed()
            .thenComparing(ModelOptions::name));
    this.order = List.copyOf(sorted);
    int models = order.size();
    laterCompute = new double[models + 1];
    laterMemory = new double[models + 1];
    int maxItems = 0;
    for (int pos = models - 1; pos >= 0; pos--) {
      ModelOptions model = order.get(pos);
      laterCompute[pos] = laterCompute[pos + 1] + model.minComputeWeight();
      laterMemory[pos] = laterMemory[pos + 1] + model.minMemoryWeight();
      maxItems += model.splits.get(model.splits.size() - 1).parts;
    }
    double maxCost = 0;
    for (int type = 0; type < types.count(); type++) {
      maxCost = Math.max(maxCost, types.cost(type));
    }
    mayLeaveOut = types.anyLimited();
    // Larger than any packing: every instance alone on the dearest device, and then some.
    leaveOutPenalty = (maxItems + 1) * maxCost + 1;
    deviceType = new int[maxItems];
    deviceMemory = new long[maxItems];
    deviceShare = new double[maxItems];
    counts = new int[types.count()];
    placedItem = new Item[maxItems];
    placedDevice = new int[maxItems];
  }

  PackingSolution solve() {
    model(0);
    if (bestCost == Double.POSITIVE_INFINITY) {
      return input.solution(List.of(), leftOutReasons(order, "the search budget ran out"), false);
    }
    List<DeviceLoad> devices = new ArrayList<>();
    for (int type : bestDeviceType) {
      devices.add(new DeviceLoad(types, type));
    }
    for (int i = 0; i < bestItems.length; i++) {
      devices.get(bestDevices[i]).add(bestItems[i]);
    }
    return input.solution(
        devices,
        leftOutReasons(bestLeftOut, "no packing within the types' maxCount places it"),
        !exhausted);
  }

  private void model(int pos) {
    if (pos == order.size()) {
      record();
      return;
    }
    ModelOptions model = order.get(pos);
    Integer[] splits = new Integer[model.splits.size()];
    for (int i = 0; i < splits.length; i++) {
      splits[i] = i;
    }
    Arrays.sort(splits, Comparator.comparingDouble(i -> model.splits.get(i).value));
    for (int split : splits) {
      instance(pos, model.splits.get(split).items, 0, 0);
      if (exhausted) {
        return;
      }
    }
    if (mayLeaveOut) {
      leftOut.add(model);
      model(pos + 1);
      leftOut.remove(leftOut.size() - 1);
    }
  }

  private void instance(int pos, List<Item> items, int index, int firstDevice) {
    if (index == items.size()) {
      model(pos + 1);
      return;
    }
    nodes++;
    // Without a packing in hand the search goes on a while longer, so that it has one to return.
    if (nodes > nodeBudget
        && (bestCost < Double.POSITIVE_INFINITY || nodes > NO_PACKING_FACTOR * nodeBudget)) {
      exhausted = true;
      return;
    }
    Item item = items.get(index);
    if (!improves(bound(pos, items, index, item))) {
      return;
    }
    for (int device = firstDevice; device < open; device++) {
      if (fits(item, device)) {
        place(item, device);
        instance(pos, items, index + 1, device);
        unplace(item, device);
        if (exhausted) {
          return;
        }
      }
    }
    for (int type : newDeviceOrder(item)) {
      openDevice(type);
      place(item, open - 1);
      instance(pos, items, index + 1, open - 1);
      unplace(item, open - 1);
      closeDevice();
      if (exhausted) {
        return;
      }
    }
  }

  private double bound(int pos, List<Item> items, int index, Item next) {
    double compute = laterCompute[pos + 1];
    double memory = laterMemory[pos + 1];
    for (int i = index; i < items.size(); i++) {
      compute += items.get(i).computeWeight;
      memory += items.get(i).memoryWeight;
    }
    boolean nextFitsOpen = false;
    for (int device = 0; device < open; device++) {
      double cost = types.cost(deviceType[device]);
      double shareLeft = Math.max(0, types.maxUtilisation() - deviceShare[device]);
      compute -= cost * shareLeft / types.maxUtilisation();
      long memoryLeft = types.memoryBytes(deviceType[device]) - deviceMemory[device];
      memory -= cost * memoryLeft / types.memoryBytes(deviceType[device]);
      nextFitsOpen |= fits(next, device);
    }
    double toBuy = Math.max(0, Math.max(compute, memory));
    if (!nextFitsOpen) {
      double cheapest = leaveOutPenalty;
      for (int type : newDeviceOrder(next)) {
        cheapest = Math.min(cheapest, types.cost(type));
      }
      toBuy = Math.max(toBuy, cheapest);
    }
    return openCost + penalty() + toBuy;
  }

  private boolean fits(Item item, int device) {
    int type = deviceType[device];
    return item.runsOn(type)
        && deviceMemory[device] + item.memoryBytes <= types.memoryBytes(type)
        && deviceShare[device] + item.shareOn(type) <= types.maxUtilisation() + PackingInput.EPS;
  }

  /** Returns the types a new device for the item may have, the cheapest for this item first. */
  private List<Integer> newDeviceOrder(Item item) {
    List<Integer> usable = new ArrayList<>(types.count());
    for (int type = 0; type < types.count(); type++) {
      if (counts[type] < types.maxCount(type) && item.runsOn(type)) {
        usable.add(type);
      }
    }
    usable.sort(Comparator.comparingDouble(type -> soloCost(item, type)));
    return usable;
  }

  private double soloCost(Item item, int type) {
    double memory = (double) item.memoryBytes / types.memoryBytes(type);
    double compute = item.shareOn(type) / types.maxUtilisation();
    return types.cost(type) * Math.max(memory, compute);
  }

  private void place(Item item, int device) {
    deviceMemory[device] += item.memoryBytes;
    deviceShare[device] += item.shareOn(deviceType[device]);
    placedItem[depth] = item;
    placedDevice[depth] = device;
    depth++;
  }

  private void unplace(Item item, int device) {
    depth--;
    deviceMemory[device] -= item.memoryBytes;
    deviceShare[device] -= item.shareOn(deviceType[device]);
  }

  private void openDevice(int type) {
    deviceType[open] = type;
    deviceMemory[open] = 0;
    deviceShare[open] = 0;
    open++;
    openCost += types.cost(type);
    counts[type]++;
  }

  private void closeDevice() {
    open--;
    openCost -= types.cost(deviceType[open]);
    counts[deviceType[open]]--;
  }

  /** Returns whether a cost is below the best so far by more than rounding. */
  private boolean improves(double cost) {
    return bestCost == Double.POSITIVE_INFINITY || cost < bestCost - 1e-9 * Math.max(1, bestCost);
  }

  private double penalty() {
    return leftOut.size() * leaveOutPenalty;
  }

  private void record() {
    // Summed afresh: the running total drifts by rounding as devices open and close.
    double cost = penalty();
    for (int device = 0; device < open; device++) {
      cost += types.cost(deviceType[device]);
    }
    if (improves(cost)) {
      bestCost = cost;
      bestDeviceType = Arrays.copyOf(deviceType, open);
      bestItems = Arrays.copyOf(placedItem, depth);
      bestDevices = Arrays.copyOf(placedDevice, depth);
      bestLeftOut = List.copyOf(leftOut);
    }
  }

  private static List<Unplaceable> leftOutReasons(List<ModelOptions> models, String why) {
    List<Unplaceable> reasons = new ArrayList<>();
    for (ModelOptions model : models) {
      reasons.add(new Unplaceable(model.name(), Unplaceable.Reason.NO_DEVICE_LEFT, why));
    }
    return reasons;
  }
}
