package io.medulla.graph;

/** What a step's failure does to its graph request. */
public enum ErrorPolicy {
  /** The graph request fails with the step's error; its pending steps are cancelled (default). */
  FAIL,
  /** The graph goes on as if the step had been skipped: its outputs are absent. */
  CONTINUE
}
