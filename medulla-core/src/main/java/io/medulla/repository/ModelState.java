package io.medulla.repository;

/** The states a model version moves through, with Triton's names. */
public enum ModelState {
  /** Known on disk, not loaded: never loaded, unloaded, or failed (see the reason). */
  UNAVAILABLE,
  /** Being loaded. */
  LOADING,
  /** Serving. */
  READY,
  /** Finishing in-flight work before its instances are released. */
  UNLOADING
}
