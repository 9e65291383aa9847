package io.medulla.planning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The fast packer: {@link GreedyPacking} with {@link Consolidation}, over a few variants; then,
 * from the best packing of each variant, a descent over each model's split and a {@link
 * DeviceElimination} pass; the best result wins.
 *
 * <ol>
 *   <li><b>Split strategies</b> choose one candidate split per model for every model at once: the
 *       one with the least total value (the cheapest on its own), the one with the fewest
 *       instances, and for each device type the one that type asked for (distinct ones only).
 *   <li><b>Type preferences</b>: one run that picks each new device's type by look-ahead, and one
 *       per type that opens that type whenever the instance runs on it.
 *   <li><b>Item orders</b> ({@link ItemOrder}): by value, memory, compute, and their sum.
 *   <li>Each (order, preference) pair keeps its best strategy: a <b>start</b>. From each start,
 *       best first, the <b>split descent</b> changes one model's split at a time, keeping any
 *       change that lowers the cost; then <b>device elimination</b> removes or downsizes devices by
 *       rearranging the others. Starting from several packings matters: the cheapest packing often
 *       grows out of one that was not the cheapest before its splits changed.
 * </ol>
 *
 * <p>Every greedy run costs about {@code O(instances × (devices + types × instances))}. The work
 * beyond what the value order and the best start need (the other orders, the other starts' descents
 * and eliminations) draws on a fixed budget counted in instances squared per re-pack and in
 * elimination moves, so small problems get all of it in a few milliseconds and a thousand models
 * still pack in about a second. Stateless and thread-safe.
 */
final class HeuristicPacker implements Packer {
  /** Re-packs one split descent may spend, as instances packed summed over re-packs. */
  private static final int REPACK_ITEM_BUDGET = 20_000;

  private static final int MIN_REPACKS = 8;

  /**
   * The extra work (other item orders, descents and eliminations from the other starts), counted as
   * instances squared per greedy run plus moves evaluated by eliminations.
   */
  private static final long EXTRA_WORK = 1_000_000;

  /** Moves the elimination pass from the best start may evaluate. */
  private static final long ELIMINATION_MOVES = 2_000_000;

  /** The best packing of one (item order, type preference) pair, over the split strategies. */
  private record Start(
      GreedyPacking.Result result, int[] choice, int preference, ItemOrder order) {}

  @Override
  public PackingSolution pack(PackingProblem problem) {
    PackingInput input = PackingInput.of(problem);
    long runCost = Math.max(1, (long) instances(input) * instances(input));
    List<int[]> strategies = strategies(input);
    long runsPerOrder = (long) strategies.size() * (1 + input.types.count());
    long extraWork = EXTRA_WORK;
    List<Start> starts = new ArrayList<>();
    for (ItemOrder order : ItemOrder.values()) {
      if (order != ItemOrder.VALUE) {
        if (runsPerOrder * runCost > extraWork) {
          break;
        }
        extraWork -= runsPerOrder * runCost;
      }
      for (int preference = GreedyPacking.LOOK_AHEAD;
          preference < input.types.count();
          preference++) {
        Start start = bestStrategy(input, strategies, preference, order);
        if (start != null) {
          starts.add(start);
        }
      }
    }
    starts.sort(
        Comparator.comparingInt((Start s) -> s.result.givenUp().size())
            .thenComparingDouble(s -> s.result.cost())
            .thenComparingInt(s -> s.result.devices().size()));
    GreedyPacking.Result best = null;
    for (int i = 0; i < starts.size(); i++) {
      Start start = starts.get(i);
      int repacks = repackBudget(input);
      long moves = ELIMINATION_MOVES;
      if (i > 0) {
        repacks = (int) Math.min(repacks, extraWork / runCost);
        moves = extraWork - (long) repacks * runCost;
        if (repacks <= 0 || moves <= 0) {
          break;
        }
      }
      int[] spent = new int[1];
      GreedyPacking.Result result = splitDescent(input, start, repacks, spent);
      DeviceElimination elimination = elimination(input, result, moves);
      result = new GreedyPacking.Result(elimination.devicesAfter(), result.givenUp());
      if (i > 0) {
        extraWork -= (long) spent[0] * runCost + elimination.evaluations();
      }
      if (best == null || result.isBetterThan(best)) {
        best = result;
      }
    }
    if (best == null) {
      return input.solution(List.of(), List.of(), false);
    }
    return input.solution(best.devices(), best.givenUp(), false);
  }

  private static @Nullable Start bestStrategy(
      PackingInput input, List<int[]> strategies, int preference, ItemOrder order) {
    Start best = null;
    for (int[] choice : strategies) {
      GreedyPacking.Result result = new GreedyPacking(input, choice, preference, order).run();
      if (best == null || result.isBetterThan(best.result)) {
        best = new Start(result, choice, preference, order);
      }
    }
    return best;
  }

  /**
   * Improves a start's split choice one model at a time: for each model with more than one
   * candidate, largest first, re-packs with each other candidate and keeps any that lowers the
   * cost; repeats until a pass changes nothing or {@code budget} re-packs are spent ({@code
   * spent[0]} says how many). This lets a model split to suit a cheap type while its neighbours
   * keep theirs, which no global strategy can.
   */
  private static GreedyPacking.Result splitDescent(
      PackingInput input, Start start, int budget, int[] spent) {
    int[] choice = start.choice.clone();
    GreedyPacking.Result best = start.result;
    List<ModelOptions> models = new ArrayList<>(input.models);
    models.removeIf(model -> model.splits.size() < 2);
    models.sort(
        Comparator.comparingDouble(ModelOptions::minValue)
            .reversed()
            .thenComparing(ModelOptions::name));
    boolean improved = true;
    while (improved && spent[0] < budget) {
      improved = false;
      for (ModelOptions model : models) {
        int current = choice[model.index];
        for (int split = 0; split < model.splits.size() && spent[0] < budget; split++) {
          if (split == current) {
            continue;
          }
          choice[model.index] = split;
          spent[0]++;
          GreedyPacking.Result result =
              new GreedyPacking(input, choice, start.preference, start.order).run();
          if (result.isBetterThan(best)) {
            best = result;
            current = split;
            improved = true;
          }
        }
        choice[model.index] = current;
      }
    }
    return best;
  }

  /** Runs a device elimination pass over a copy of the result's device list. */
  private static DeviceElimination elimination(
      PackingInput input, GreedyPacking.Result result, long moves) {
    List<DeviceLoad> devices = new ArrayList<>(result.devices());
    int[] counts = new int[input.types.count()];
    for (DeviceLoad device : devices) {
      counts[device.type()]++;
    }
    DeviceElimination elimination = new DeviceElimination(input.types, devices, counts, moves);
    elimination.run();
    return elimination;
  }

  /** Returns how many instances the fewest-instance splits make: the problem's size. */
  private static int instances(PackingInput input) {
    int items = 0;
    for (ModelOptions model : input.models) {
      items += model.splits.get(0).parts;
    }
    return items;
  }

  /** Returns how many re-packs a descent may spend: many for small problems, few for large. */
  private static int repackBudget(PackingInput input) {
    return Math.max(MIN_REPACKS, REPACK_ITEM_BUDGET / Math.max(1, instances(input)));
  }

  static List<int[]> strategies(PackingInput input) {
    int models = input.models.size();
    List<int[]> strategies = new ArrayList<>();
    int[] cheapest = new int[models];
    for (ModelOptions model : input.models) {
      cheapest[model.index] = model.cheapestSplit();
    }
    addDistinct(strategies, cheapest);
    addDistinct(strategies, new int[models]);
    for (int type = 0; type < input.types.count(); type++) {
      int[] forType = new int[models];
      for (ModelOptions model : input.models) {
        int split = model.splitForType(type);
        forType[model.index] = split >= 0 ? split : cheapest[model.index];
      }
      addDistinct(strategies, forType);
    }
    return strategies;
  }

  private static void addDistinct(List<int[]> strategies, int[] candidate) {
    for (int[] existing : strategies) {
      if (Arrays.equals(existing, candidate)) {
        return;
      }
    }
    strategies.add(candidate);
  }
}
