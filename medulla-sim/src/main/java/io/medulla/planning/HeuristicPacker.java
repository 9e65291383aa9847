package io.medulla.planning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The fast packer: {@link GreedyPacking} with {@link Consolidation}, over a few variants, keeping
 * the best result; then a descent over each model's split.
 *
 * <ol>
 *   <li><b>Split strategies</b> choose one candidate split per model for every model at once: the
 *       one with the least total value (the cheapest on its own), the one with the fewest
 *       instances, and for each device type the one that type asked for (distinct ones only).
 *   <li><b>Type preferences</b>: for each strategy, one run that picks each new device's type by
 *       look-ahead, and one per type that opens that type whenever the instance runs on it.
 *   <li><b>Split descent</b> then changes one model's split at a time, keeping any change that
 *       lowers the cost, within a re-pack budget that shrinks as the problem grows.
 * </ol>
 *
 * <p>That is at most {@code (2 + types) × (1 + types)} packings plus the descent's budget, each
 * about {@code O(instances × (devices + types × instances))}: a few hundred milliseconds for a
 * thousand models. Stateless and thread-safe.
 */
final class HeuristicPacker implements Packer {
  /** Re-packs the split descent may spend, as instances packed summed over re-packs. */
  private static final int REPACK_ITEM_BUDGET = 20_000;

  private static final int MIN_REPACKS = 8;

  @Override
  public PackingSolution pack(PackingProblem problem) {
    PackingInput input = PackingInput.of(problem);
    GreedyPacking.Result best = null;
    int[] bestChoice = new int[0];
    int bestPreference = GreedyPacking.LOOK_AHEAD;
    for (int[] choice : strategies(input)) {
      for (int preference = GreedyPacking.LOOK_AHEAD;
          preference < input.types.count();
          preference++) {
        GreedyPacking.Result result = new GreedyPacking(input, choice, preference).run();
        if (best == null || result.isBetterThan(best)) {
          best = result;
          bestChoice = choice;
          bestPreference = preference;
        }
      }
    }
    if (best == null) {
      return input.solution(List.of(), List.of(), false);
    }
    best = splitDescent(input, bestChoice, bestPreference, best);
    return input.solution(best.devices(), best.givenUp(), false);
  }

  /**
   * Improves the split choice one model at a time: for each model with more than one candidate,
   * largest first, re-packs with each other candidate and keeps any that lowers the cost; repeats
   * until a pass changes nothing or the re-pack budget is spent. This lets a model split to suit a
   * cheap type while its neighbours keep theirs, which no global strategy can.
   */
  private static GreedyPacking.Result splitDescent(
      PackingInput input, int[] start, int preference, GreedyPacking.Result startResult) {
    int[] choice = start.clone();
    GreedyPacking.Result best = startResult;
    List<ModelOptions> models = new ArrayList<>(input.models);
    models.removeIf(model -> model.splits.size() < 2);
    models.sort(
        Comparator.comparingDouble(ModelOptions::minValue)
            .reversed()
            .thenComparing(ModelOptions::name));
    int budget = repackBudget(input);
    boolean improved = true;
    while (improved && budget > 0) {
      improved = false;
      for (ModelOptions model : models) {
        int current = choice[model.index];
        for (int split = 0; split < model.splits.size() && budget > 0; split++) {
          if (split == current) {
            continue;
          }
          choice[model.index] = split;
          budget--;
          GreedyPacking.Result result = new GreedyPacking(input, choice, preference).run();
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

  /** Returns how many re-packs the descent may spend: many for small problems, few for large. */
  private static int repackBudget(PackingInput input) {
    int items = 0;
    for (ModelOptions model : input.models) {
      items += model.splits.get(0).parts;
    }
    return Math.max(MIN_REPACKS, REPACK_ITEM_BUDGET / Math.max(1, items));
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
