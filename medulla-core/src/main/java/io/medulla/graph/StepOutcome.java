package io.medulla.graph;

import java.util.Locale;

/** How one step of one graph request ended. */
public enum StepOutcome {
  /** It ran and produced its outputs. */
  RAN,
  /** A condition was false or a required input was absent: its outputs are absent. */
  SKIPPED,
  /** It failed: the graph failed, or went on without its outputs under on_error continue. */
  FAILED,
  /** The graph request ended (deadline, another step's failure, the caller) while it ran. */
  CANCELLED;

  /** Returns the lower-case name used in traces and metric labels. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
