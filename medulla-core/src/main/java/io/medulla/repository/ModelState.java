package io.medulla.repository;

/** The states a model version moves through, with Triton's names. */
public enum ModelState {
  /** Known on disk, not loaded: never loaded, unloaded, or failed (see the reason). */
  UNAVAILABLE,
  /** Being loaded. */
  LOADING,
  /** Loaded; running its warm-up requests before it serves. */
  WARMING,
  /** Serving. */
  READY,
  /** Finishing in-flight work before its instances are released. */
  UNLOADING
}
