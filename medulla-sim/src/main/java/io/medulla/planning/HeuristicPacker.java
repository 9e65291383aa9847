package io.medulla.planning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fast packer: {@link GreedyPacking} with {@link Consolidation}, run once per split strategy,
 * keeping the best result.
 *
 * <p>The strategies choose one candidate split per model: the one with the least total value (the
 * cheapest on its own), the one with the fewest instances, and for each device type the one that
 * type asked for. Distinct strategies only; a handful of runs at most. Runs in about {@code
 * O(strategies × devices × instances × types)}.
 *
 * <p>Stateless and thread-safe.
 */
final class HeuristicPacker implements Packer {
  @Override
  public PackingSolution pack(PackingProblem problem) {
    PackingInput input = PackingInput.of(problem);
    GreedyPacking.Result best = null;
    for (int[] choice : strategies(input)) {
      GreedyPacking.Result result = new GreedyPacking(input, choice).run();
      if (best == null || result.isBetterThan(best)) {
        best = result;
      }
    }
    if (best == null) {
      return input.solution(List.of(), List.of(), false);
    }
    return input.solution(best.devices(), best.givenUp(), false);
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
