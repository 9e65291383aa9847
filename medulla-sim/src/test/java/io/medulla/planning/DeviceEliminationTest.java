package io.medulla.planning;

import static io.medulla.planning.Fixtures.computeOnly;
import static io.medulla.planning.Fixtures.counts;
import static io.medulla.planning.Fixtures.device;
import static io.medulla.planning.Fixtures.firstItems;
import static io.medulla.planning.Fixtures.gib;
import static io.medulla.planning.Fixtures.memoryOnly;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceEliminationTest {
  private static final DeviceType SMALL = new DeviceType("small", gib(16), 1, 1);
  private static final DeviceType LARGE = new DeviceType("large", gib(80), 1, 4);

  private static double cost(List<DeviceLoad> devices) {
    return devices.stream().mapToDouble(DeviceLoad::cost).sum();
  }

  /** Three compute-only devices {a .5, b .2}, {c .4, d .3}, {e .2} at a bound of 0.8. */
  private static List<DeviceLoad> threeDevicesThatFitInTwo(PackingInput input) {
    List<Item> items = firstItems(input);
    return new ArrayList<>(
        List.of(
            device(input, 0, items.get(0), items.get(1)),
            device(input, 0, items.get(2), items.get(3)),
            device(input, 0, items.get(4))));
  }

  private static PackingInput computeProblem() {
    return PackingInput.of(
        new PackingProblem(
            List.of(
                computeOnly("a", 0.5),
                computeOnly("b", 0.2),
                computeOnly("c", 0.4),
                computeOnly("d", 0.3),
                computeOnly("e", 0.2)),
            List.of(SMALL),
            0.8));
  }

  @Test
  void consolidationAloneCannotRemoveADeviceThatNeedsASwap() {
    PackingInput input = computeProblem();
    List<DeviceLoad> devices = threeDevicesThatFitInTwo(input);

    new Consolidation(input.types, devices, counts(input, devices)).run();

    // e fits in neither 0.1 left; a or c fits next to e, but then b or d fits nowhere.
    assertThat(devices).hasSize(3);
  }

  @Test
  void removesADeviceWhenSwappingInstancesMakesRoom() {
    PackingInput input = computeProblem();
    List<DeviceLoad> devices = threeDevicesThatFitInTwo(input);
    int[] counts = counts(input, devices);

    boolean improved = new DeviceElimination(input.types, devices, counts, 1_000_000).run();

    // e joins {a, b} (0.9, over the bound), then a trades places with c: {c, b, e} and {a, d}.
    assertThat(improved).isTrue();
    assertThat(devices).hasSize(2);
    assertThat(counts[0]).isEqualTo(2);
    assertThat(devices).allSatisfy(d -> assertThat(d.overload()).isZero());
    assertThat(devices.stream().mapToInt(d -> d.items().size()).sum()).isEqualTo(5);
  }

  @Test
  void movesADeviceToACheaperTypeOnceAnInstanceMovesAway() {
    PackingInput input =
        PackingInput.of(
            new PackingProblem(
                List.of(memoryOnly("p", 65), memoryOnly("q", 10), memoryOnly("r", 10)),
                List.of(SMALL, LARGE),
                0.8));
    List<Item> items = firstItems(input);
    List<DeviceLoad> devices =
        new ArrayList<>(
            List.of(device(input, 1, items.get(0)), device(input, 1, items.get(1), items.get(2))));
    List<DeviceLoad> consolidated = new ArrayList<>(devices);
    new Consolidation(input.types, consolidated, counts(input, consolidated)).run();
    // Consolidation can neither empty {q, r} (r does not fit next to q and p) nor downsize it.
    assertThat(cost(consolidated)).isEqualTo(8.0);
    int[] counts = counts(input, devices);

    boolean improved = new DeviceElimination(input.types, devices, counts, 1_000_000).run();

    // {q, r} (20 GiB) needs a large device; with r next to p (75 GiB), q alone fits a small one.
    assertThat(improved).isTrue();
    assertThat(cost(devices)).isEqualTo(5.0);
    assertThat(counts).containsExactly(1, 1);
    assertThat(devices).allSatisfy(d -> assertThat(d.overload()).isZero());
  }

  @Test
  void leavesThePackingAsItWasWhenNoAttemptSucceeds() {
    PackingInput input =
        PackingInput.of(
            new PackingProblem(
                List.of(computeOnly("a", 0.5), computeOnly("b", 0.5)), List.of(SMALL), 0.8));
    List<Item> items = firstItems(input);
    DeviceLoad first = device(input, 0, items.get(0));
    DeviceLoad second = device(input, 0, items.get(1));
    List<DeviceLoad> devices = new ArrayList<>(List.of(first, second));

    boolean improved =
        new DeviceElimination(input.types, devices, counts(input, devices), 1_000_000).run();

    assertThat(improved).isFalse();
    assertThat(devices).containsExactly(first, second);
    assertThat(first.items()).containsExactly(items.get(0));
    assertThat(second.items()).containsExactly(items.get(1));
  }

  @Test
  void aSpentBudgetChangesNothing() {
    PackingInput input = computeProblem();
    List<DeviceLoad> devices = threeDevicesThatFitInTwo(input);

    boolean improved = new DeviceElimination(input.types, devices, counts(input, devices), 0).run();

    assertThat(improved).isFalse();
    assertThat(devices).hasSize(3);
  }
}
