package io.medulla.repository;

import io.medulla.inference.ModelId;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a version may load, and makes room for it: the model cache's memory budget. The
 * repository calls it around every load, whatever caused it, while holding that model's lock (never
 * a lock that requests need).
 */
public interface LoadGate {
  /** A gate that admits everything. */
  LoadGate OPEN = new LoadGate() {};

  /**
   * Called before a version loads. Reserves {@code expectedBytes} on {@code device}, evicting idle
   * versions of other models if needed; a reservation for the same id replaces the earlier one.
   *
   * @throws io.medulla.inference.InferenceException with {@code UNAVAILABLE} and a reason naming
   *     the model, the bytes needed and the budget, when there is no room and nothing can be
   *     evicted
   */
  default void reserve(ModelId id, String device, long expectedBytes, LoadCause cause) {}

  /**
   * Called after a load attempt that {@link #reserve} admitted: with the report when the version is
   * ready (the reservation becomes its measured footprint), or null when the load failed (the
   * reservation is released).
   */
  default void settle(ModelId id, @Nullable LoadReport report) {}
}
