package io.medulla.planning;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeuristicPackerTest {
  @Test
  void packsHundredsOfModelsFeasibly() {
    // Four hundred models on 1 to 3 types: the exact packer could not finish this; the heuristic
    // must, with every rule kept. (The suite's time limit is the only clock here.)
    for (long seed = 1; seed <= 3; seed++) {
      PackingProblem problem = RandomProblems.generate(seed, 400, 400, 0.8);

      PackingSolution solution = Packer.heuristic().pack(problem);

      assertThat(PackingVerifier.violations(problem, solution)).isEmpty();
      assertThat(solution.instanceCount() + solution.unplaceable().size())
          .isGreaterThanOrEqualTo(400);
      assertThat(solution.provenOptimal()).isFalse();
    }
  }

  /**
   * The benchmark problems (2 to 12 models) that best fit decreasing with consolidation, over the
   * split strategies and type preferences alone, left more than 5% and one device above the
   * optimum: seed 30 needs a model split differently from a start that was not the cheapest; 808
   * likewise; 816, 836 and 986 need instances to trade places before a device can go or shrink.
   */
  @ParameterizedTest
  @ValueSource(longs = {30, 808, 816, 836, 986})
  void meetsG10WhereTheGreedyPassAloneMissed(long seed) {
    PackingProblem problem = RandomProblems.generate(seed, 2, 12, 0.8);

    PackingSolution fast = Packer.heuristic().pack(problem);
    PackingSolution best = Packer.exact().pack(problem);

    assertThat(PackingVerifier.violations(problem, fast)).isEmpty();
    assertThat(best.provenOptimal()).isTrue();
    PackingComparison comparison = PackingComparison.of(problem, fast, best, 0, 0);
    assertThat(comparison.withinGoal()).as("heuristic %s", fast.totalCost()).isTrue();
  }
}
