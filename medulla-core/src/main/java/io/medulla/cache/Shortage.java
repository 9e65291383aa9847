package io.medulla.cache;

import static java.util.Objects.requireNonNull;

/**
 * Why a device has no room for a load, in figures, and the reasons given to callers and operators.
 *
 * @param device the device
 * @param neededBytes the bytes the load needs
 * @param freeBytes the bytes free for it (negative when the device is over budget already)
 * @param budgetBytes the device's budget
 * @param keptForPinnedBytes the bytes kept for pinned models not loaded yet (start only)
 * @param evictableBytes the bytes that evicting every idle version would free
 * @param blockers what holds the rest, as in {@code "pinned: a/1; in use: b/2"}
 */
record Shortage(
    String device,
    long neededBytes,
    long freeBytes,
    long budgetBytes,
    long keptForPinnedBytes,
    long evictableBytes,
    String blockers) {
  Shortage {
    requireNonNull(device, "device");
    requireNonNull(blockers, "blockers");
  }

  /** The reason a load that may evict was refused. */
  String refusal(String model) {
    if (neededBytes > budgetBytes) {
      return "memory budget ("
          + device
          + "): model '"
          + model
          + "' needs "
          + Bytes.format(neededBytes)
          + ", more than the whole budget of "
          + Bytes.format(budgetBytes);
    }
    return "memory budget ("
        + device
        + "): cannot load model '"
        + model
        + "': needs "
        + figures()
        + "; "
        + (evictableBytes > 0
            ? "evicting every idle version would free only " + Bytes.format(evictableBytes)
            : "nothing can be evicted")
        + " ("
        + blockers
        + ")";
  }

  /** The reason a model was not loaded at start: it did not fit without evicting. */
  String admissionRefusal() {
    return "not loaded: memory budget ("
        + device
        + ": needs "
        + figures()
        + "); loads on first request";
  }

  /** The reason a predicted pre-warm was refused: it may use free memory only. */
  String predictionRefusal(String model) {
    return "not pre-warmed: memory budget ("
        + device
        + ": model '"
        + model
        + "' needs "
        + figures()
        + "); a predicted load uses free memory only";
  }

  private String figures() {
    String figures =
        Bytes.format(neededBytes)
            + ", "
            + Bytes.format(freeBytes)
            + " of "
            + Bytes.format(budgetBytes)
            + " free";
    return keptForPinnedBytes > 0
        ? figures + ", " + Bytes.format(keptForPinnedBytes) + " kept for pinned models"
        : figures;
  }
}
