package io.medulla.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The figures G1 is judged on, computed from the runs of one benchmark: each served mode's
 * throughput against raw ONNX Runtime at the same concurrency and at saturation, and the p50 it
 * adds at concurrency 1.
 *
 * @param throughput served throughput / raw throughput, per mode and concurrency
 * @param saturation peak served throughput / peak raw throughput over the concurrencies run
 * @param addedP50AtConcurrency1 served p50 − raw p50 at concurrency 1, per mode
 * @param goals each G1 goal, met or not
 */
record G1Ratios(
    List<ThroughputRatio> throughput,
    List<SaturationRatio> saturation,
    List<AddedLatency> addedP50AtConcurrency1,
    List<GoalCheck> goals) {
  /** The gRPC and binary REST throughput goal at saturation, as a fraction of raw. */
  static final double NETWORK_THROUGHPUT_GOAL = 0.90;

  /** The in-process throughput goal at saturation, as a fraction of raw. */
  static final double IN_PROCESS_THROUGHPUT_GOAL = 0.95;

  /** The most p50 latency the network path may add at concurrency 1, in milliseconds. */
  static final double ADDED_P50_GOAL_MILLIS = 1.0;

  /**
   * Served throughput over raw throughput at one concurrency.
   *
   * @param mode the served mode
   * @param concurrency the requests in flight
   * @param ratio served / raw
   */
  record ThroughputRatio(String mode, int concurrency, double ratio) {}

  /**
   * Peak served throughput over peak raw throughput.
   *
   * @param mode the served mode
   * @param servedPeak the mode's highest throughput, requests per second
   * @param servedAtConcurrency where it was reached
   * @param rawPeak raw ONNX Runtime's highest throughput
   * @param rawAtConcurrency where it was reached
   * @param ratio servedPeak / rawPeak
   * @param stable whether both runs were stable
   */
  record SaturationRatio(
      String mode,
      double servedPeak,
      int servedAtConcurrency,
      double rawPeak,
      int rawAtConcurrency,
      double ratio,
      boolean stable) {}

  /**
   * The median latency a served mode adds over raw ONNX Runtime with one request in flight.
   *
   * @param mode the served mode
   * @param servedP50Micros the mode's p50
   * @param rawP50Micros raw ONNX Runtime's p50
   * @param addedMillis the difference, in milliseconds
   * @param stable whether both runs were stable
   */
  record AddedLatency(
      String mode,
      double servedP50Micros,
      double rawP50Micros,
      double addedMillis,
      boolean stable) {}

  /**
   * One goal of G1 against its measurement.
   *
   * @param goal what is measured
   * @param mode the mode it applies to
   * @param measured the measured figure
   * @param target the goal, in the same unit
   * @param met whether the measurement meets the goal
   * @param stable whether the runs behind it were stable (an unstable result does not count)
   */
  record GoalCheck(
      String goal, String mode, double measured, String target, boolean met, boolean stable) {}

  /** Computes the ratios of {@code results}; modes or concurrencies not run are left out. */
  static G1Ratios of(List<RunResult> results) {
    List<ThroughputRatio> throughput = new ArrayList<>();
    List<SaturationRatio> saturation = new ArrayList<>();
    List<AddedLatency> added = new ArrayList<>();
    List<GoalCheck> goals = new ArrayList<>();
    Optional<RunResult> rawPeak = peak(results, Mode.RAW);
    for (Mode mode : List.of(Mode.IN_PROCESS, Mode.GRPC, Mode.BINARY_REST)) {
      for (RunResult served : ok(results, mode)) {
        find(results, Mode.RAW, served.concurrency())
            .filter(raw -> raw.throughput() > 0)
            .ifPresent(
                raw ->
                    throughput.add(
                        new ThroughputRatio(
                            mode.label(),
                            served.concurrency(),
                            served.throughput() / raw.throughput())));
      }
      Optional<RunResult> servedPeak = peak(results, mode);
      if (rawPeak.isPresent() && servedPeak.isPresent() && rawPeak.get().throughput() > 0) {
        RunResult r = rawPeak.get();
        RunResult s = servedPeak.get();
        boolean stable = r.stability().isStable() && s.stability().isStable();
        double ratio = s.throughput() / r.throughput();
        saturation.add(
            new SaturationRatio(
                mode.label(),
                s.throughput(),
                s.concurrency(),
                r.throughput(),
                r.concurrency(),
                ratio,
                stable));
        double goal =
            mode == Mode.IN_PROCESS ? IN_PROCESS_THROUGHPUT_GOAL : NETWORK_THROUGHPUT_GOAL;
        goals.add(
            new GoalCheck(
                "throughput at saturation / raw",
                mode.label(),
                ratio,
                ">= " + goal,
                ratio >= goal,
                stable));
      }
      Optional<RunResult> raw1 = find(results, Mode.RAW, 1);
      Optional<RunResult> served1 = find(results, mode, 1);
      if (raw1.isPresent() && served1.isPresent()) {
        RunResult r = raw1.get();
        RunResult s = served1.get();
        boolean stable = r.stability().isStable() && s.stability().isStable();
        double millis = (s.latency().p50Micros() - r.latency().p50Micros()) / 1_000.0;
        added.add(
            new AddedLatency(
                mode.label(), s.latency().p50Micros(), r.latency().p50Micros(), millis, stable));
        if (mode != Mode.IN_PROCESS) {
          goals.add(
              new GoalCheck(
                  "added p50 at concurrency 1 (ms)",
                  mode.label(),
                  millis,
                  "<= " + ADDED_P50_GOAL_MILLIS,
                  millis <= ADDED_P50_GOAL_MILLIS,
                  stable));
        }
      }
    }
    return new G1Ratios(throughput, saturation, added, goals);
  }

  private static List<RunResult> ok(List<RunResult> results, Mode mode) {
    return results.stream()
        .filter(r -> r.mode().equals(mode.label()) && r.error() == null)
        .toList();
  }

  private static Optional<RunResult> find(List<RunResult> results, Mode mode, int concurrency) {
    return ok(results, mode).stream().filter(r -> r.concurrency() == concurrency).findFirst();
  }

  private static Optional<RunResult> peak(List<RunResult> results, Mode mode) {
    return ok(results, mode).stream().max((a, b) -> Double.compare(a.throughput(), b.throughput()));
  }
}
