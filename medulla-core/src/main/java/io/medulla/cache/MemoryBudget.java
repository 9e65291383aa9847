package io.medulla.cache;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How many bytes of loaded model versions each device may hold. A device without an entry has no
 * limit.
 *
 * @param bytesByDevice the budget of each device, keyed by device name: {@code "host"} for host
 *     memory, {@code "gpu0"}, {@code "gpu1"}... for GPUs; every budget is positive
 */
public record MemoryBudget(Map<String, Long> bytesByDevice) {
  private static final Pattern DEVICE = Pattern.compile("host|gpu(0|[1-9][0-9]{0,3})");

  /** Creates a budget; validates device names and sizes, and copies the map (sorted by device). */
  public MemoryBudget {
    requireNonNull(bytesByDevice, "bytesByDevice");
    TreeMap<String, Long> copy = new TreeMap<>();
    bytesByDevice.forEach(
        (device, bytes) -> {
          requireNonNull(device, "device");
          requireNonNull(bytes, "bytes");
          checkDevice(device);
          checkBytes(device, bytes);
          copy.put(device, bytes);
        });
    bytesByDevice = Collections.unmodifiableMap(copy);
  }

  /** Returns a budget that limits no device. */
  public static MemoryBudget unlimited() {
    return new MemoryBudget(Map.of());
  }

  /** Returns a budget of {@code bytes} on {@code device} and no limit elsewhere. */
  public static MemoryBudget of(String device, long bytes) {
    return new MemoryBudget(Map.of(device, bytes));
  }

  /** Returns this budget with {@code device} limited to {@code bytes} (replacing its limit). */
  public MemoryBudget with(String device, long bytes) {
    TreeMap<String, Long> copy = new TreeMap<>(bytesByDevice);
    copy.put(device, bytes);
    return new MemoryBudget(copy);
  }

  /** Returns the budget of {@code device} in bytes, or {@link Long#MAX_VALUE} when unlimited. */
  public long limit(String device) {
    Long bytes = bytesByDevice.get(device);
    return bytes == null ? Long.MAX_VALUE : bytes;
  }

  /** Returns whether {@code device} has a limit. */
  public boolean isLimited(String device) {
    return bytesByDevice.containsKey(device);
  }

  private static void checkDevice(String device) {
    if (!DEVICE.matcher(device).matches()) {
      throw new IllegalArgumentException(
          "memory budget device: '" + device + "' (expected: host, gpu0, gpu1, ...)");
    }
  }

  private static void checkBytes(String device, long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException(
          "memory budget of " + device + ": " + bytes + " bytes (expected: > 0)");
    }
  }
}
