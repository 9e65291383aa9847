package io.medulla.bench;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a G7 run measured, as written to JSON.
 *
 * @param benchmark always {@code g7}
 * @param startedAt when the run started (wall clock, UTC)
 * @param environment the machine before the run
 * @param options the flags of the run
 * @param partA first-request latency on a real server: lazy, pre-warmed, steady; null when it
 *     failed
 * @param partAError why part A failed; null when it ran
 * @param partB the simulated day with and without a schedule; null when it failed
 * @param partBError why part B failed; null when it ran
 * @param goals each goal with its figure and verdict
 * @param environmentAfter the machine after the run
 */
record G7Report(
    String benchmark,
    String startedAt,
    Environment environment,
    G7Options options,
    ServerColdStart.@Nullable Result partA,
    @Nullable String partAError,
    MorningSimulation.@Nullable Result partB,
    @Nullable String partBError,
    List<Goal> goals,
    Environment environmentAfter) {

  /**
   * The machine at one moment.
   *
   * @param cores available processors
   * @param loadAverage1m the one-minute load average
   * @param java the JVM version
   * @param coreSharing how the client and the server share cores
   */
  record Environment(int cores, double loadAverage1m, String java, String coreSharing) {}

  /**
   * A goal with its figure.
   *
   * @param what the figure
   * @param figure its value in this run
   * @param target the goal, as {@code <= 1.2}
   * @param met whether the figure meets it
   */
  record Goal(String what, double figure, String target, boolean met) {}

  /** Returns whether both parts ran. */
  boolean complete() {
    return partA != null && partB != null;
  }
}
