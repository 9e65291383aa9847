package io.medulla.planning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A problem after the decisions both packers share: which models cannot be placed at all, and the
 * candidate ways to split each other model's rate into instances.
 *
 * <p>The split is decided before packing, from a fixed set of candidates: for each device type a
 * model may run on, the fewest equal instances that type can run (each within the SLO and with a
 * compute share of at most the utilisation bound). Each instance of a candidate may then go on any
 * type that can run it. The packers choose one candidate per model; the exact packer proves
 * optimality over these candidates, not over every possible split (uneven shares or more instances
 * than a type needs are not explored).
 *
 * <p>Immutable.
 */
final class PackingInput {
  /** Tolerance for sums of compute shares, which are floating point. */
  static final double EPS = 1e-9;

  /** The most instances one model is split into before it counts as {@code RATE_TOO_HIGH}. */
  static final int MAX_PARTS = 10_000;

  private static final int NO_BATCH_MEETS_SLO = -1;
  private static final int TOO_MANY_PARTS = -2;

  final PackingProblem problem;
  final Types types;
  final List<ModelOptions> models;
  final List<Unplaceable> unplaceable;

  private PackingInput(
      PackingProblem problem,
      Types types,
      List<ModelOptions> models,
      List<Unplaceable> unplaceable) {
    this.problem = problem;
    this.types = types;
    this.models = List.copyOf(models);
    this.unplaceable = List.copyOf(unplaceable);
  }

  /** The device types, by index, with the utilisation bound. */
  record Types(List<DeviceType> list, double maxUtilisation) {
    int count() {
      return list.size();
    }

    DeviceType get(int type) {
      return list.get(type);
    }

    long memoryBytes(int type) {
      return list.get(type).memoryBytes();
    }

    double cost(int type) {
      return list.get(type).cost();
    }

    int maxCount(int type) {
      return list.get(type).maxCount();
    }

    boolean anyLimited() {
      return list.stream().anyMatch(DeviceType::isLimited);
    }
  }

  static PackingInput of(PackingProblem problem) {
    Types types = new Types(problem.available(), problem.maxUtilisation());
    List<ModelOptions> models = new ArrayList<>();
    List<Unplaceable> unplaceable = new ArrayList<>();
    for (ModelDemand demand : problem.models()) {
      ModelOptions options = options(models.size(), demand, types, unplaceable);
      if (options != null) {
        models.add(options);
      }
    }
    return new PackingInput(problem, types, models, unplaceable);
  }

  /**
   * Returns the model's options, or null after adding to {@code unplaceable} why there are none.
   */
  private static @Nullable ModelOptions options(
      int index, ModelDemand demand, Types types, List<Unplaceable> unplaceable) {
    List<Integer> allowed = new ArrayList<>();
    for (int type = 0; type < types.count(); type++) {
      if (!demand.isPinned() || types.get(type).name().equals(demand.pinnedDeviceType())) {
        allowed.add(type);
      }
    }
    if (allowed.isEmpty()) {
      unplaceable.add(
          new Unplaceable(
              demand.model(),
              Unplaceable.Reason.UNKNOWN_PINNED_TYPE,
              "pinned to "
                  + demand.pinnedDeviceType()
                  + ", which is not among the available types"));
      return null;
    }
    List<Integer> roomy =
        allowed.stream()
            .filter(type -> types.memoryBytes(type) >= demand.memoryBytesPerInstance())
            .toList();
    if (roomy.isEmpty()) {
      long largest = allowed.stream().mapToLong(types::memoryBytes).max().orElseThrow();
      unplaceable.add(
          new Unplaceable(
              demand.model(),
              Unplaceable.Reason.MEMORY_EXCEEDS_EVERY_DEVICE,
              "one instance needs "
                  + demand.memoryBytesPerInstance()
                  + " bytes; the largest device it may use has "
                  + largest));
      return null;
    }
    int[] partsForType = new int[types.count()];
    Arrays.fill(partsForType, -1);
    boolean sloReachable = false;
    for (int type : roomy) {
      int parts = fewestParts(demand, types.get(type).speed(), types.maxUtilisation());
      partsForType[type] = parts;
      sloReachable |= parts != NO_BATCH_MEETS_SLO;
    }
    TreeSet<Integer> counts = new TreeSet<>();
    for (int parts : partsForType) {
      if (parts > 0) {
        counts.add(parts);
      }
    }
    if (counts.isEmpty()) {
      unplaceable.add(sloReachable ? tooMany(demand) : sloUnreachable(demand, roomy, types));
      return null;
    }
    List<Integer> countList = new ArrayList<>(counts);
    List<SplitOption> splits = new ArrayList<>();
    for (int parts : countList) {
      splits.add(split(index, demand, parts, roomy, types));
    }
    int[] splitForType = new int[types.count()];
    for (int type = 0; type < types.count(); type++) {
      splitForType[type] = partsForType[type] > 0 ? countList.indexOf(partsForType[type]) : -1;
    }
    return new ModelOptions(index, demand, splits, splitForType);
  }

  /**
   * Returns the fewest equal instances a device of this speed runs within the SLO and the bound.
   *
   * <p>Splitting only lengthens the batch-fill wait, so once no batch size meets the SLO none will
   * with more instances; and a share can only fall to {@code rate/k × min t(b)/b}, which gives the
   * first count worth trying.
   */
  static int fewestParts(ModelDemand demand, double speed, double maxUtilisation) {
    double rate = demand.requestsPerSecond();
    BatchProfile profile = demand.profile();
    double cheapestPerRequest = Double.POSITIVE_INFINITY;
    for (int batch = 1; batch <= profile.maxBatchSize(); batch++) {
      cheapestPerRequest =
          Math.min(cheapestPerRequest, profile.executionSeconds(batch) / speed / batch);
    }
    long first = Math.max(1, (long) Math.floor(rate * cheapestPerRequest / maxUtilisation));
    for (long parts = first; parts <= MAX_PARTS; parts++) {
      Optional<BatchChoice> choice =
          BatchChoice.best(profile, rate / parts, speed, demand.latencySlo());
      if (choice.isEmpty()) {
        return NO_BATCH_MEETS_SLO;
      }
      if (choice.get().computeShare() <= maxUtilisation + EPS) {
        return (int) parts;
      }
    }
    return TOO_MANY_PARTS;
  }

  private static SplitOption split(
      int index, ModelDemand demand, int parts, List<Integer> roomy, Types types) {
    double rate = demand.requestsPerSecond() / parts;
    @Nullable BatchChoice[] choices = new BatchChoice[types.count()];
    for (int type : roomy) {
      Optional<BatchChoice> choice =
          BatchChoice.best(demand.profile(), rate, types.get(type).speed(), demand.latencySlo());
      if (choice.isPresent() && choice.get().computeShare() <= types.maxUtilisation() + EPS) {
        choices[type] = choice.get();
      }
    }
    List<Item> items = new ArrayList<>();
    for (int part = 0; part < parts; part++) {
      items.add(
          new Item(
              index,
              demand.model(),
              part,
              parts,
              rate,
              demand.memoryBytesPerInstance(),
              demand.isPinned(),
              choices,
              types));
    }
    return new SplitOption(parts, items);
  }

  private static Unplaceable tooMany(ModelDemand demand) {
    return new Unplaceable(
        demand.model(),
        Unplaceable.Reason.RATE_TOO_HIGH,
        demand.requestsPerSecond() + " requests/s needs more than " + MAX_PARTS + " instances");
  }

  private static Unplaceable sloUnreachable(ModelDemand demand, List<Integer> roomy, Types types) {
    int fastest = roomy.get(0);
    for (int type : roomy) {
      if (types.get(type).speed() > types.get(fastest).speed()) {
        fastest = type;
      }
    }
    double batchOne = demand.profile().executionSeconds(1) / types.get(fastest).speed();
    return new Unplaceable(
        demand.model(),
        Unplaceable.Reason.SLO_UNREACHABLE,
        String.format(
            "batch 1 on %s (fastest it may use) has a worst-case latency of %.3f ms"
                + " (2 x %.3f ms execution) > SLO %.3f ms",
            types.get(fastest).name(),
            2 * batchOne * 1e3,
            batchOne * 1e3,
            BatchProfile.seconds(demand.latencySlo()) * 1e3));
  }

  /** Returns the solution of devices, adding the models a packer gave up on. */
  PackingSolution solution(
      List<DeviceLoad> devices, List<Unplaceable> givenUp, boolean provenOptimal) {
    List<PlacedDevice> placed = new ArrayList<>();
    for (DeviceLoad device : devices) {
      List<PlacedInstance> instances = new ArrayList<>();
      for (Item item : device.items()) {
        instances.add(item.placedOn(device.type()));
      }
      placed.add(new PlacedDevice(types.get(device.type()), instances));
    }
    List<Unplaceable> all = new ArrayList<>(unplaceable);
    all.addAll(givenUp);
    return new PackingSolution(placed, all, provenOptimal);
  }
}
