package io.medulla.planning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The heuristic against the exact packer on seeded random problems ({@link RandomProblems}): every
 * packing feasible, the exact one optimal and never beaten, and the heuristic close to it.
 */
class PackingPropertyTest {
  private static final Packer HEURISTIC = Packer.heuristic();
  private static final Packer EXACT = Packer.exact();

  /** Compares the packers on seeds {@code 1..count}, checking every solution on the way. */
  private static List<PackingComparison> compareOnSeeds(int count, int maxModels) {
    List<PackingComparison> comparisons = new ArrayList<>();
    for (long seed = 1; seed <= count; seed++) {
      PackingProblem problem = RandomProblems.generate(seed, 2, maxModels, 0.8);
      PackingSolution fast = HEURISTIC.pack(problem);
      PackingSolution best = EXACT.pack(problem);
      String where = "seed " + seed;

      assertThat(PackingVerifier.violations(problem, fast)).as(where).isEmpty();
      assertThat(PackingVerifier.violations(problem, best)).as(where).isEmpty();
      assertThat(best.provenOptimal()).as(where).isTrue();
      // No type has a maxCount here, so both leave out exactly the models nothing can take.
      assertThat(fast.unplaceable()).as(where).isEqualTo(best.unplaceable());

      PackingComparison comparison = PackingComparison.of(problem, fast, best, 0, 0);
      assertThat(comparison.heuristicBeatExact()).as(where).isFalse();
      comparisons.add(comparison);
    }
    return comparisons;
  }

  @Test
  void onTwoHundredProblemsOfUpToEightModelsTheHeuristicStaysWithinTheGoal() {
    ComparisonSummary summary = ComparisonSummary.of(compareOnSeeds(200, 8));

    // Measured: all 200 at the proven optimum (mean and worst ratio 1.0000). Before the item
    // orders, the descents from every start and device elimination: 196 within 5%, worst 1.31.
    assertThat(summary.withinGoal()).isEqualTo(200);
    assertThat(summary.withinFivePercent()).isEqualTo(200);
    assertThat(summary.meanRatio()).isLessThan(1.001);
  }

  @Test
  void onOneHundredProblemsOfUpToTwelveModelsTheHeuristicMeetsG10() {
    ComparisonSummary summary = ComparisonSummary.of(compareOnSeeds(100, 12));

    // Measured: all 100 within 5% or one device, 98 within 5%, mean ratio 1.0013, worst 1.07
    // (before the improvements above: 99, 93, 1.0085, 1.23). PackingBench runs 1,000 of these.
    assertThat(summary.withinGoal()).isEqualTo(100);
    assertThat(summary.withinFivePercent()).isGreaterThanOrEqualTo(98);
    assertThat(summary.meanRatio()).isLessThan(1.005);
  }
}
