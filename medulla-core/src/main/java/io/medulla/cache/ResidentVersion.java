package io.medulla.cache;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.ModelId;

/**
 * One loaded version as the cache sees it.
 *
 * @param id the model version
 * @param device where its memory lives: {@code "host"} or {@code "gpu<N>"}
 * @param bytes its footprint
 * @param pinned whether its model is pinned (never evicted)
 * @param leases the requests holding it now
 * @param lastUsedNanos the ticker reading of its last lease taken or released, or {@link
 *     Long#MIN_VALUE} when no request has used it since it loaded
 */
public record ResidentVersion(
    ModelId id, String device, long bytes, boolean pinned, int leases, long lastUsedNanos) {
  /** Creates a row; validates the fields. */
  public ResidentVersion {
    requireNonNull(id, "id");
    requireNonNull(device, "device");
    if (bytes < 0 || leases < 0) {
      throw new IllegalArgumentException("bytes and leases must be >= 0");
    }
  }

  /** Returns whether a request has used the version since it loaded. */
  public boolean used() {
    return lastUsedNanos != Long.MIN_VALUE;
  }
}
