package io.medulla.planning;

import java.time.Duration;
import java.util.Map;

/** Small builders for hand-made problems. */
final class Fixtures {
  static final long GIB = 1L << 30;

  private Fixtures() {}

  static Duration ms(double millis) {
    return Duration.ofNanos(Math.round(millis * 1e6));
  }

  static long gib(double gib) {
    return Math.round(gib * GIB);
  }

  /** A model that runs unbatched, taking {@code batchOneMs} per request on the reference device. */
  static ModelDemand unbatched(
      String name, double rate, double batchOneMs, double memoryGib, double sloMs) {
    return ModelDemand.of(
        name, rate, ms(sloMs), gib(memoryGib), BatchProfile.unbatched(ms(batchOneMs)));
  }

  /** A model whose compute is negligible: only its memory matters. */
  static ModelDemand memoryOnly(String name, double memoryGib) {
    return unbatched(name, 0.1, 0.1, memoryGib, 1000);
  }

  /** A model of negligible memory that runs batch 1 only, at {@code share} of a speed-1 device. */
  static ModelDemand computeOnly(String name, double share) {
    // 10 ms per request, so share × 100 requests per second.
    return unbatched(name, share * 100, 10, 0.01, 1000);
  }

  static BatchProfile profile(Map<Integer, Duration> times) {
    return BatchProfile.of(times);
  }

  /** Returns the first instance of each model, in problem order. */
  static java.util.List<Item> firstItems(PackingInput input) {
    return input.models.stream().map(m -> m.splits.get(0).items.get(0)).toList();
  }

  /** Returns a device of {@code type} holding {@code items}. */
  static DeviceLoad device(PackingInput input, int type, Item... items) {
    DeviceLoad device = new DeviceLoad(input.types, type);
    for (Item item : items) {
      device.add(item);
    }
    return device;
  }

  /** Returns how many of {@code devices} are of each type. */
  static int[] counts(PackingInput input, java.util.List<DeviceLoad> devices) {
    int[] counts = new int[input.types.count()];
    devices.forEach(d -> counts[d.type()]++);
    return counts;
  }
}
