package io.medulla.planning;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}
