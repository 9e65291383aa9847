package io.medulla.repository;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * The state of one model version in the index.
 *
 * @param version the version number
 * @param state the state
 * @param reason why it is not ready; empty when ready
 * @param served the loaded version when READY or UNLOADING, else null
 * @param stamp the version folder's stamp when it was loaded, for deciding what a reload changes
 */
record VersionSlot(
    long version, ModelState state, String reason, @Nullable ServedModel served, String stamp) {
  VersionSlot {
    requireNonNull(state, "state");
    requireNonNull(reason, "reason");
    requireNonNull(stamp, "stamp");
  }

  static VersionSlot unavailable(long version, String reason) {
    return new VersionSlot(version, ModelState.UNAVAILABLE, reason, null, "");
  }

  boolean isReady() {
    return state == ModelState.READY;
  }

  ModelVersionStatus status(String model) {
    return new ModelVersionStatus(model, Long.toString(version), state, reason);
  }
}
