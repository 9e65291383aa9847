package io.medulla.planning;

import static io.medulla.planning.Fixtures.gib;
import static io.medulla.planning.Fixtures.memoryOnly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExactPackerTest {
  private static final DeviceType TEN = new DeviceType("ten", gib(10), 1, 1);

  @Test
  void findsThePackingFirstFitDecreasingMisses() {
    // 5, 4, 4, 3, 2, 2 GiB into 10 GiB devices. First-fit decreasing: {5,4}, {4,3,2}, {2}: three.
    // The 20 GiB total needs at least two, and {5,3,2}, {4,4,2} is two.
    List<ModelDemand> models =
        List.of(
            memoryOnly("a5", 5),
            memoryOnly("b4", 4),
            memoryOnly("c4", 4),
            memoryOnly("d3", 3),
            memoryOnly("e2", 2),
            memoryOnly("f2", 2));
    PackingProblem problem = new PackingProblem(models, List.of(TEN), 0.8);

    PackingSolution solution = Packer.exact().pack(problem);

    assertThat(PackingVerifier.violations(problem, solution)).isEmpty();
    assertThat(solution.devices()).hasSize(2);
    assertThat(solution.devices()).allSatisfy(d -> assertThat(d.memoryFraction()).isEqualTo(1.0));
    assertThat(solution.provenOptimal()).isTrue();
  }

  @Test
  void choosesTheCheapestMixOfDeviceSizes() {
    // "ten": 10 GiB for 1; "twenty": 20 GiB for 1.8. Models of 8, 8, 6, 6, 4 GiB (32 in all).
    // Mixes with room for 32 GiB: 2 twenty = 3.6, 1 twenty + 2 ten = 3.8, 4 ten = 4; the
    // cheaper 1 twenty + 1 ten (30 GiB) and 3 ten are too small. 3.6 is reached by {8,8,4} and
    // {6,6} on two "twenty", so it is the optimum.
    DeviceType twenty = new DeviceType("twenty", gib(20), 1, 1.8);
    List<ModelDemand> models =
        List.of(
            memoryOnly("a", 8),
            memoryOnly("b", 8),
            memoryOnly("c", 6),
            memoryOnly("d", 6),
            memoryOnly("e", 4));
    PackingProblem problem = new PackingProblem(models, List.of(TEN, twenty), 0.8);

    PackingSolution solution = Packer.exact().pack(problem);

    assertThat(solution.totalCost()).isCloseTo(3.6, within(1e-9));
    assertThat(solution.deviceCount("twenty")).isEqualTo(2);
    assertThat(solution.provenOptimal()).isTrue();
  }

  @Test
  void aSpentBudgetReturnsTheBestPackingSoFarNotProvenOptimal() {
    PackingProblem problem = RandomProblems.generate(11, 12, 12, 0.8);

    PackingSolution hurried = Packer.exact(20).pack(problem);
    PackingSolution patient = Packer.exact().pack(problem);

    assertThat(hurried.provenOptimal()).isFalse();
    assertThat(PackingVerifier.violations(problem, hurried)).isEmpty();
    assertThat(hurried.unplaceable()).isEqualTo(patient.unplaceable());
    assertThat(patient.provenOptimal()).isTrue();
    assertThat(hurried.totalCost()).isGreaterThanOrEqualTo(patient.totalCost() - 1e-9);
  }

  @Test
  void aProblemWithoutModelsCostsNothing() {
    PackingSolution solution =
        Packer.exact().pack(new PackingProblem(List.of(), List.of(TEN), 0.8));

    assertThat(solution.devices()).isEmpty();
    assertThat(solution.provenOptimal()).isTrue();
  }

  @Test
  void rejectsABudgetBelowOne() {
    assertThatThrownBy(() -> Packer.exact(0)).hasMessageContaining("nodeBudget: 0");
  }
}
