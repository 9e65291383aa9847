package io.medulla.repository;

/** Why a model version is being loaded: told to the load gate and reported in metrics. */
public enum LoadCause {
  /** Loaded when the server started. */
  START,
  /** Loaded through the repository API. */
  API,
  /** Loaded or reloaded because its files appeared or changed (POLL mode). */
  POLL,
  /** Loaded because a request needed it (a cold start). */
  ON_DEMAND,
  /** Loaded ahead of a scheduled pre-warm time. */
  SCHEDULE,
  /** Loaded because usage history predicts requests in the next window. */
  PREDICTION
}
