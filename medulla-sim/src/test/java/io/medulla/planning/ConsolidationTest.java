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

class ConsolidationTest {
  private static final DeviceType SMALL = new DeviceType("small", gib(16), 1, 1);
  private static final DeviceType MEDIUM = new DeviceType("medium", gib(32), 1, 1.5);
  private static final DeviceType LARGE = new DeviceType("large", gib(80), 1, 4);

  private static List<DeviceLoad> consolidated(PackingInput input, DeviceLoad... start) {
    List<DeviceLoad> devices = new ArrayList<>(List.of(start));
    new Consolidation(input.types, devices, counts(input, devices)).run();
    return devices;
  }

  @Test
  void emptiesADeviceWhoseInstancesFitElsewhere() {
    PackingInput input =
        PackingInput.of(
            new PackingProblem(
                List.of(computeOnly("a", 0.3), computeOnly("b", 0.3), computeOnly("c", 0.1)),
                List.of(SMALL),
                0.8));
    List<Item> items = firstItems(input);

    List<DeviceLoad> devices =
        consolidated(
            input,
            device(input, 0, items.get(0)),
            device(input, 0, items.get(1)),
            device(input, 0, items.get(2)));

    // 0.3 + 0.3 + 0.1 = 0.7 <= 0.8: one device is enough.
    assertThat(devices).hasSize(1);
    assertThat(devices.get(0).items()).hasSize(3);
  }

  @Test
  void leavesDevicesWhoseInstancesFitNowhereElse() {
    PackingInput input =
        PackingInput.of(
            new PackingProblem(
                List.of(computeOnly("a", 0.5), computeOnly("b", 0.5)), List.of(SMALL), 0.8));
    List<Item> items = firstItems(input);

    List<DeviceLoad> devices =
        consolidated(input, device(input, 0, items.get(0)), device(input, 0, items.get(1)));

    assertThat(devices).hasSize(2);
  }

  @Test
  void downsizesADeviceToTheCheapestTypeThatHoldsIt() {
    PackingInput input =
        PackingInput.of(
            new PackingProblem(List.of(memoryOnly("a", 20)), List.of(SMALL, MEDIUM, LARGE), 0.8));

    List<DeviceLoad> devices = consolidated(input, device(input, 2, firstItems(input).get(0)));

    // 20 GiB does not fit "small"; "medium" holds it for 1.5 instead of 4.
    assertThat(devices).singleElement().satisfies(d -> assertThat(d.type()).isEqualTo(1));
  }

  @Test
  void mergesTwoDevicesIntoOneCheaperLargerOne() {
    PackingInput input =
        PackingInput.of(
            new PackingProblem(
                List.of(memoryOnly("a", 12), memoryOnly("b", 12)), List.of(SMALL, MEDIUM), 0.8));
    List<Item> items = firstItems(input);

    List<DeviceLoad> devices =
        consolidated(input, device(input, 0, items.get(0)), device(input, 0, items.get(1)));

    // Two small (2) hold 12 GiB each; one medium (1.5) holds 24 GiB.
    assertThat(devices).singleElement().satisfies(d -> assertThat(d.type()).isEqualTo(1));
    assertThat(devices.get(0).items()).hasSize(2);
  }
}
