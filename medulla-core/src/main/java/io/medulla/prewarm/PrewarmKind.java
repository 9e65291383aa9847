package io.medulla.prewarm;

/** Why a model is pre-warmed: told to the target (for its load cause) and to the listener. */
public enum PrewarmKind {
  /** A schedule entry wants the model READY at its next firing. */
  SCHEDULE,
  /** Usage history predicts requests for the model in the next hour. */
  PREDICTION
}
