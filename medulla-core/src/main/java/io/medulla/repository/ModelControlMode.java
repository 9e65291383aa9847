package io.medulla.repository;

/** How the set of loaded models changes, as Triton's {@code --model-control-mode}. */
public enum ModelControlMode {
  /** Load every model at start; the repository API cannot load or unload. */
  NONE,
  /** Load every model at start and follow changes on disk every poll interval. */
  POLL,
  /** Load only models named at start or through the repository API. */
  EXPLICIT,
  /**
   * Medulla's lazy mode: load only pinned models and models named at start; every other model in
   * the repository loads on its first request (or by pre-warm), and the repository API may load and
   * unload as in EXPLICIT.
   */
  ON_DEMAND
}
