package io.medulla.planning;

import static io.medulla.planning.Fixtures.computeOnly;
import static io.medulla.planning.Fixtures.gib;
import static io.medulla.planning.Fixtures.memoryOnly;
import static io.medulla.planning.Fixtures.unbatched;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Behaviour both packers must show; each case is small enough to check by hand. */
class PackersTest {
  private static final DeviceType GPU16 = new DeviceType("gpu16", gib(16), 1, 1);

  static Stream<Named<Packer>> packers() {
    return Stream.of(Named.of("heuristic", Packer.heuristic()), Named.of("exact", Packer.exact()));
  }

  private static PackingSolution packed(Packer packer, PackingProblem problem) {
    PackingSolution solution = packer.pack(problem);
    assertThat(PackingVerifier.violations(problem, solution)).isEmpty();
    return solution;
  }

  @ParameterizedTest
  @MethodSource("packers")
  void aModelOverTheUtilisationBoundIsSplitIntoEqualInstances(Packer packer) {
    // 150/s × 10 ms = 1.5 of a device at batch 1 (the only size); two instances of 75/s take
    // 0.75 each, within 0.8. At 10 GiB each they cannot share a 16 GiB device.
    ModelDemand model = unbatched("ct", 150, 10, 10, 100);
    PackingProblem problem = new PackingProblem(List.of(model), List.of(GPU16), 0.8);

    PackingSolution solution = packed(packer, problem);

    assertThat(solution.devices()).hasSize(2);
    assertThat(solution.instancesOf("ct"))
        .hasSize(2)
        .allSatisfy(
            instance -> {
              assertThat(instance.requestsPerSecond()).isCloseTo(75, within(1e-9));
              assertThat(instance.computeShare()).isCloseTo(0.75, within(1e-9));
              assertThat(instance.parts()).isEqualTo(2);
            });
  }

  @ParameterizedTest
  @MethodSource("packers")
  void memoryBoundModelsPackByMemory(Packer packer) {
    // Five 6 GiB models, negligible compute: two per 16 GiB device, so three devices.
    List<ModelDemand> models =
        List.of(
            memoryOnly("a", 6),
            memoryOnly("b", 6),
            memoryOnly("c", 6),
            memoryOnly("d", 6),
            memoryOnly("e", 6));

    PackingSolution solution = packed(packer, new PackingProblem(models, List.of(GPU16), 0.8));

    assertThat(solution.devices()).hasSize(3);
    assertThat(solution.devices()).allSatisfy(d -> assertThat(d.instances()).hasSizeBetween(1, 2));
  }

  @ParameterizedTest
  @MethodSource("packers")
  void computeBoundModelsPackByCompute(Packer packer) {
    // Five models of 0.35 each, negligible memory: two per device under 0.8, so three devices.
    List<ModelDemand> models =
        List.of(
            computeOnly("a", 0.35),
            computeOnly("b", 0.35),
            computeOnly("c", 0.35),
            computeOnly("d", 0.35),
            computeOnly("e", 0.35));

    PackingSolution solution = packed(packer, new PackingProblem(models, List.of(GPU16), 0.8));

    assertThat(solution.devices()).hasSize(3);
    assertThat(solution.devices()).allSatisfy(d -> assertThat(d.utilisation()).isLessThan(0.8));
  }

  @ParameterizedTest
  @MethodSource("packers")
  void memoryHeavyAndComputeHeavyModelsShareDevices(Packer packer) {
    // Two models of 10 GiB and 0.1 compute, two of 1 GiB and 0.6 compute. Two big ones exceed
    // 16 GiB, two busy ones exceed 0.8, but one of each (11 GiB, 0.7) fits: two devices.
    List<ModelDemand> models =
        List.of(
            unbatched("big1", 10, 10, 10, 1000),
            unbatched("big2", 10, 10, 10, 1000),
            unbatched("busy1", 60, 10, 1, 1000),
            unbatched("busy2", 60, 10, 1, 1000));

    PackingSolution solution = packed(packer, new PackingProblem(models, List.of(GPU16), 0.8));

    assertThat(solution.devices()).hasSize(2);
    assertThat(solution.devices())
        .allSatisfy(
            device ->
                assertThat(device.instances())
                    .extracting(PlacedInstance::model)
                    .anyMatch(name -> name.startsWith("big"))
                    .anyMatch(name -> name.startsWith("busy")));
  }

  @ParameterizedTest
  @MethodSource("packers")
  void devicesOfDifferentSizesMixToTheCheaperPlan(Packer packer) {
    // small: 16 GiB for 1; big: 80 GiB for 4.5. One 60 GiB model and five of 7 GiB.
    // The 60 GiB model needs a big device, which also holds two 7 GiB ones (74 GiB); the other
    // three need two small devices (14 + 7): 4.5 + 2 = 6.5. Two big ones cost 9; the big one
    // with three small ones 7.5.
    DeviceType big = new DeviceType("big", gib(80), 1, 4.5);
    List<ModelDemand> models =
        List.of(
            memoryOnly("huge", 60),
            memoryOnly("a", 7),
            memoryOnly("b", 7),
            memoryOnly("c", 7),
            memoryOnly("d", 7),
            memoryOnly("e", 7));

    PackingSolution solution = packed(packer, new PackingProblem(models, List.of(GPU16, big), 0.8));

    assertThat(solution.totalCost()).isCloseTo(6.5, within(1e-9));
    assertThat(solution.deviceCount("big")).isEqualTo(1);
    assertThat(solution.deviceCount("gpu16")).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("packers")
  void aCheapSlowTypeTakesMoreInstancesOfTheSameModel(Packer packer) {
    // 100/s × 10 ms: on "fast" (speed 2, cost 1) one instance takes 0.5; on "slow" (speed 0.5,
    // cost 0.1) a request takes 20 ms, so 100/3 per instance (0.667 each) is the fewest that
    // fit under 0.8. Three slow devices cost 0.3, one fast one 1.
    DeviceType fast = new DeviceType("fast", gib(16), 2, 1);
    DeviceType slow = new DeviceType("slow", gib(16), 0.5, 0.1);
    ModelDemand model = unbatched("m", 100, 10, 1, 1000);

    PackingSolution solution =
        packed(packer, new PackingProblem(List.of(model), List.of(fast, slow), 0.8));

    assertThat(solution.totalCost()).isCloseTo(0.3, within(1e-9));
    assertThat(solution.instancesOf("m"))
        .hasSize(3)
        .allSatisfy(i -> assertThat(i.requestsPerSecond()).isCloseTo(100 / 3.0, within(1e-9)));
  }

  @ParameterizedTest
  @MethodSource("packers")
  void pinnedModelsRunOnlyOnTheirType(Packer packer) {
    // The cpu type is dearer, but "legacy" is pinned to it; the others go to the cheaper gpu.
    DeviceType cpu = new DeviceType("cpu", gib(64), 0.5, 2);
    List<ModelDemand> models =
        List.of(
            computeOnly("legacy", 0.1).pinnedTo("cpu"),
            computeOnly("a", 0.1),
            computeOnly("b", 0.1));

    PackingSolution solution = packed(packer, new PackingProblem(models, List.of(GPU16, cpu), 0.8));

    assertThat(solution.devices())
        .allSatisfy(
            device -> {
              boolean hasLegacy =
                  device.instances().stream().anyMatch(i -> i.model().equals("legacy"));
              assertThat(device.type().name()).isEqualTo(hasLegacy ? "cpu" : "gpu16");
            });
    assertThat(solution.instancesOf("legacy")).hasSize(1);
    // The cpu device is bought anyway, and a and b fit beside legacy: one device.
    assertThat(solution.devices()).hasSize(1);
  }

  @ParameterizedTest
  @MethodSource("packers")
  void unplaceableModelsComeBackWithTheirReasonWhileTheRestArePlaced(Packer packer) {
    DeviceType slowBig = new DeviceType("big", gib(80), 0.8, 4);
    List<ModelDemand> models =
        List.of(
            memoryOnly("too-big", 100),
            // Batch 1 takes 60 ms on the fastest type (speed 1): 2 × 60 = 120 ms > 100 ms.
            unbatched("too-slow", 1, 60, 1, 100),
            memoryOnly("nowhere", 1).pinnedTo("tpu"),
            memoryOnly("fine", 1));

    PackingSolution solution =
        packed(packer, new PackingProblem(models, List.of(GPU16, slowBig), 0.8));

    assertThat(solution.unplaceable())
        .extracting(Unplaceable::model, Unplaceable::reason)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                "too-big", Unplaceable.Reason.MEMORY_EXCEEDS_EVERY_DEVICE),
            org.assertj.core.groups.Tuple.tuple("too-slow", Unplaceable.Reason.SLO_UNREACHABLE),
            org.assertj.core.groups.Tuple.tuple("nowhere", Unplaceable.Reason.UNKNOWN_PINNED_TYPE));
    assertThat(solution.unplaceable())
        .filteredOn(u -> u.model().equals("too-slow"))
        .singleElement()
        .satisfies(u -> assertThat(u.detail()).contains("gpu16").contains("120.000 ms"));
    assertThat(solution.instancesOf("fine")).hasSize(1);
  }

  @ParameterizedTest
  @MethodSource("packers")
  void aTypeAtItsMaxCountLeavesModelsOutRatherThanOverbuying(Packer packer) {
    // One device may be bought; three 10 GiB models need one each, so two are left out.
    DeviceType one = GPU16.withMaxCount(1);
    List<ModelDemand> models =
        List.of(memoryOnly("a", 10), memoryOnly("b", 10), memoryOnly("c", 10));

    PackingSolution solution = packed(packer, new PackingProblem(models, List.of(one), 0.8));

    assertThat(solution.devices()).hasSize(1);
    assertThat(solution.unplaceable())
        .hasSize(2)
        .allSatisfy(u -> assertThat(u.reason()).isEqualTo(Unplaceable.Reason.NO_DEVICE_LEFT));
  }

  @ParameterizedTest
  @MethodSource("packers")
  void theSameProblemGivesTheSameSolution(Packer packer) {
    PackingProblem problem = RandomProblems.generate(42, 12, 12, 0.8);

    assertThat(packer.pack(problem)).isEqualTo(packer.pack(problem));
  }
}
