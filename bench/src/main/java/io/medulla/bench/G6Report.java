package io.medulla.bench;

import java.util.List;
import java.util.Map;

/**
 * What a G6 run measured, as written to JSON.
 *
 * @param benchmark always {@code g6}
 * @param startedAt when the run started (wall clock)
 * @param environment the machine before the run
 * @param setup what was run and how
 * @param modes per mode (graph, client, each step alone): latencies and stability
 * @param criticalPath the longest chain of steps by their time alone
 * @param ratios the goal's ratios
 * @param goals each goal with its figure and verdict
 * @param environmentAfter the machine after the run
 */
record G6Report(
    String benchmark,
    String startedAt,
    Environment environment,
    Setup setup,
    Map<String, ModeResult> modes,
    CriticalPath criticalPath,
    Ratios ratios,
    List<Goal> goals,
    Environment environmentAfter) {

  /**
   * The machine at one moment.
   *
   * @param cores available processors
   * @param loadAverage1m the one-minute load average
   * @param java the JVM version
   * @param coreSharing how the load generator and server share cores
   */
  record Environment(int cores, double loadAverage1m, String java, String coreSharing) {}

  /**
   * What was run.
   *
   * @param graph the graph
   * @param repository the model repository
   * @param steps each step: its kind and target, and whether the measured input skips it
   * @param dependencies each step's dependencies
   * @param inputs how the inputs were made
   * @param warmupRequests discarded requests per mode
   * @param requestsPerWindow requests per mode per window
   * @param windows the number of windows
   * @param path how requests were sent
   */
  record Setup(
      String graph,
      String repository,
      Map<String, String> steps,
      Map<String, List<String>> dependencies,
      String inputs,
      int warmupRequests,
      int requestsPerWindow,
      int windows,
      String path) {}

  /**
   * One mode's figures.
   *
   * @param what the mode or step, described
   * @param latency its latencies over all windows
   * @param windowP50Micros each window's p50
   * @param stable whether the stability rule held
   * @param stability the rule's detail
   */
  record ModeResult(
      String what,
      LatencyStats latency,
      List<Double> windowP50Micros,
      boolean stable,
      String stability) {}

  /**
   * The critical path.
   *
   * @param steps its steps, in order
   * @param p50SumMicros the sum of their p50s alone
   * @param p99SumMicros the sum of their p99s alone
   * @param allStepsP50SumMicros the sum of every step's p50 alone: the graph's work done serially
   */
  record CriticalPath(
      List<String> steps, double p50SumMicros, double p99SumMicros, double allStepsP50SumMicros) {}

  /**
   * The ratios of the goal.
   *
   * @param graphP50OverCriticalPathP50Sum the graph's p50 over the critical path's p50 sum
   * @param graphP99OverClientP99 the graph's p99 over the client's
   * @param graphP50OverClientP50 the graph's p50 over the client's
   * @param graphP50OverAllStepsP50Sum the graph's p50 over the sum of every step's p50: above 1,
   *     the graph's own overhead; below 1, what parallel steps gained (a diagnostic, not a goal)
   */
  record Ratios(
      double graphP50OverCriticalPathP50Sum,
      double graphP99OverClientP99,
      double graphP50OverClientP50,
      double graphP50OverAllStepsP50Sum) {}

  /**
   * One goal.
   *
   * @param what the figure
   * @param value its value
   * @param goal the bound
   * @param met whether the value is within it
   * @param stable whether the runs behind it were stable
   */
  record Goal(String what, double value, String goal, boolean met, boolean stable) {}
}
