package io.medulla.planning;

import static io.medulla.planning.Fixtures.gib;
import static io.medulla.planning.Fixtures.ms;
import static io.medulla.planning.Fixtures.unbatched;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PackingVerifierTest {
  private static final DeviceType GPU = new DeviceType("gpu", gib(16), 1, 1);
  private static final DeviceType CPU = new DeviceType("cpu", gib(16), 1, 1);
  // 50/s × 10 ms = 0.5 at batch 1; 10 GiB.
  private static final ModelDemand M = unbatched("m", 50, 10, 10, 100);

  private static PlacedInstance instance(String model, double rate, double share, long memory) {
    return new PlacedInstance(model, 0, 1, rate, 1, share, memory, ms(20));
  }

  private static PackingProblem problem(ModelDemand... models) {
    return new PackingProblem(List.of(models), List.of(GPU, CPU), 0.8);
  }

  @Test
  void acceptsACorrectSolution() {
    PackingSolution good =
        new PackingSolution(
            List.of(new PlacedDevice(GPU, List.of(instance("m", 50, 0.5, gib(10))))),
            List.of(),
            false);

    assertThat(PackingVerifier.violations(problem(M), good)).isEmpty();
  }

  @Test
  void reportsOverfullDevicesAndWrongInstanceNumbers() {
    ModelDemand other = unbatched("o", 50, 10, 10, 100);
    PackingSolution bad =
        new PackingSolution(
            List.of(
                new PlacedDevice(
                    GPU,
                    List.of(instance("m", 50, 0.5, gib(10)), instance("o", 50, 0.4, gib(10))))),
            List.of(),
            false);

    assertThat(PackingVerifier.violations(problem(M, other), bad))
        .anySatisfy(v -> assertThat(v).contains("memory"))
        .anySatisfy(v -> assertThat(v).contains("utilisation"))
        .anySatisfy(v -> assertThat(v).contains("compute share 0.4, recomputed 0.5"));
  }

  @Test
  void reportsMissingRateBrokenPinsAndMissedSlos() {
    // Pinned to cpu but on gpu; carries 25 of 50 requests/s; and with a 15 ms SLO batch 1 takes
    // 2 × 10 = 20 ms.
    ModelDemand strict = unbatched("m", 50, 10, 10, 15).pinnedTo("cpu");
    PackingSolution bad =
        new PackingSolution(
            List.of(new PlacedDevice(GPU, List.of(instance("m", 25, 0.25, gib(10))))),
            List.of(),
            false);

    assertThat(PackingVerifier.violations(problem(strict), bad))
        .anySatisfy(v -> assertThat(v).contains("pinned to cpu"))
        .anySatisfy(v -> assertThat(v).contains("carry 25.0 requests/s of 50.0"))
        .anySatisfy(v -> assertThat(v).contains("SLO"));
  }

  @Test
  void reportsModelsNeitherPlacedNorListedAndTypesBoughtPastTheirLimit() {
    DeviceType one = GPU.withMaxCount(1);
    PackingProblem problem =
        new PackingProblem(
            List.of(M, unbatched("lost", 1, 1, 1, 100), unbatched("m2", 50, 10, 10, 100)),
            List.of(one),
            0.8);
    PackingSolution bad =
        new PackingSolution(
            List.of(
                new PlacedDevice(one, List.of(instance("m", 50, 0.5, gib(10)))),
                new PlacedDevice(one, List.of(instance("m2", 50, 0.5, gib(10))))),
            List.of(),
            false);

    assertThat(PackingVerifier.violations(problem, bad))
        .anySatisfy(v -> assertThat(v).contains("lost: neither placed nor listed"))
        .anySatisfy(v -> assertThat(v).contains("maxCount 1"));
  }
}
