package io.medulla.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What G9 reports (written as JSON): the profile, the unloaded overhead, saturation and each
 * utilisation level, measured and simulated, and the goals.
 *
 * @param benchmark the scenario's name
 * @param startedAt when the run started (UTC, ISO-8601)
 * @param environment the machine and how its cores were shared
 * @param setup the model, its policy and the durations
 * @param profile the profile's points at the configured instance count
 * @param unloaded one request at a time: measured, simulated, and the overhead between them
 * @param hostCpu the host CPU per request measured for the simulator, or null when the unloaded run
 *     failed (the simulator then models the model only)
 * @param saturation the saturation throughput, measured and simulated
 * @param levels each utilisation level
 * @param judgedOn which comparison the latency goals are judged on, and why
 * @param goals each goal with its figure and verdict
 */
record SimulatorFidelityReport(
    String benchmark,
    String startedAt,
    Environment environment,
    Setup setup,
    List<ProfilePoint> profile,
    Unloaded unloaded,
    @Nullable HostCpuCalibration hostCpu,
    Saturation saturation,
    List<Level> levels,
    String judgedOn,
    List<Goal> goals) {
  /** The latency goal: simulated within this fraction of measured. */
  static final double LATENCY_TOLERANCE = 0.15;

  /** The saturation goal: simulated within this fraction of measured. */
  static final double THROUGHPUT_TOLERANCE = 0.05;

  /** Creates a report; copies the lists. */
  SimulatorFidelityReport {
    profile = List.copyOf(profile);
    levels = List.copyOf(levels);
    goals = List.copyOf(goals);
  }

  /**
   * The machine.
   *
   * @param cores processors available to the JVM
   * @param loadAverageBefore one-minute load average before the run
   * @param loadAverageAfter the same after it
   * @param java the Java runtime
   * @param coreSharing how client, server, profiler and simulator shared the cores
   */
  record Environment(
      int cores,
      double loadAverageBefore,
      double loadAverageAfter,
      String java,
      String coreSharing) {}

  /**
   * The model and the run's settings.
   *
   * @param model the model name
   * @param version the served version
   * @param maxBatchSize its {@code max_batch_size}
   * @param instances its configured instance count (the server's and the simulator's)
   * @param policy the batch policy the simulator ran (the server's mapping of the config)
   * @param saturationConcurrency requests in flight in the saturation loop
   * @param openWindowSecs the measured interval of each level
   * @param simRequestsPerLevel requests the simulator ran per level
   */
  record Setup(
      String model,
      String version,
      int maxBatchSize,
      int instances,
      String policy,
      int saturationConcurrency,
      double openWindowSecs,
      long simRequestsPerLevel) {}

  /**
   * One profile point.
   *
   * @param batchSize samples per execution
   * @param p50Micros median execution time
   * @param p99Micros 99th-percentile execution time
   * @param meanMicros the measured mean execution time
   * @param fittedMeanMicros the mean of the log-normal the simulator draws from, fitted through p50
   *     and p99 ({@code p50 · exp(σ²/2)}, {@code σ = ln(p99/p50) / 2.3263}): when a noisy machine
   *     stretches p99, this exceeds the measured mean and the simulated capacity falls
   * @param samplesPerSecond samples per second over the instances, back to back
   */
  record ProfilePoint(
      int batchSize,
      double p50Micros,
      double p99Micros,
      double meanMicros,
      double fittedMeanMicros,
      double samplesPerSecond) {
    /** Returns the point with its fitted mean computed from p50 and p99. */
    static ProfilePoint of(
        int batchSize, double p50Micros, double p99Micros, double meanMicros, double throughput) {
      double sigma = Math.log(p99Micros / p50Micros) / 2.3263;
      return new ProfilePoint(
          batchSize,
          p50Micros,
          p99Micros,
          meanMicros,
          p50Micros * Math.exp(sigma * sigma / 2),
          throughput);
    }
  }

  /**
   * One request at a time.
   *
   * @param measured the closed loop at concurrency 1 over binary REST
   * @param profileBatch1P50Micros the profile's batch-1 execution p50
   * @param simulated the simulator at a rate low enough that requests do not meet
   * @param overheadMicros measured p50 minus simulated p50: what the simulator does not model
   *     (protocol, network, decoding, thread hand-offs); added to every corrected prediction
   */
  record Unloaded(
      RunResult measured,
      double profileBatch1P50Micros,
      SimulatorFidelitySimulation.Prediction simulated,
      double overheadMicros) {}

  /**
   * Saturation.
   *
   * @param measured the closed loop at the saturation concurrency over binary REST
   * @param measuredCpu what the closed loop used (warm-up included): a diagnostic, never given to
   *     the simulator, which would make the saturation figure circular
   * @param simulated the simulator far above capacity (with the host model)
   * @param ratio simulated over measured throughput
   * @param simulatedModelOnly the simulator without the host model, as before it existed
   * @param modelOnlyRatio its throughput over the measured one
   */
  record Saturation(
      RunResult measured,
      CpuMeter.Use measuredCpu,
      SimulatorFidelitySimulation.Prediction simulated,
      double ratio,
      SimulatorFidelitySimulation.Prediction simulatedModelOnly,
      double modelOnlyRatio) {}

  /**
   * One utilisation level.
   *
   * @param utilisation the offered rate as a fraction of the measured saturation throughput
   * @param measured the open loop over binary REST
   * @param simulated the simulator at the same rate
   * @param rawP50Ratio simulated p50 over measured p50
   * @param rawP99Ratio simulated p99 over measured p99
   * @param correctedP50Ratio (simulated p50 + overhead) over measured p50
   * @param correctedP99Ratio (simulated p99 + overhead) over measured p99
   */
  record Level(
      double utilisation,
      PoissonLoad.Result measured,
      SimulatorFidelitySimulation.Prediction simulated,
      double rawP50Ratio,
      double rawP99Ratio,
      double correctedP50Ratio,
      double correctedP99Ratio) {}

  /**
   * One goal.
   *
   * @param what the figure
   * @param figure its value
   * @param target what it must be
   * @param verdict MET or MISSED
   * @param note why it cannot be trusted, or null
   */
  record Goal(String what, double figure, String target, String verdict, @Nullable String note) {}

  /** Returns whether {@code ratio} is within {@code tolerance} of 1. */
  static boolean within(double ratio, double tolerance) {
    return Math.abs(ratio - 1) <= tolerance + 1e-12;
  }

  /** Returns the goals of a run's figures. */
  static List<Goal> goals(Saturation saturation, List<Level> levels) {
    List<Goal> out = new ArrayList<>();
    out.add(
        goal(
            "saturation throughput simulated / measured",
            saturation.ratio(),
            THROUGHPUT_TOLERANCE,
            saturation.measured().stability().isStable() ? null : "measured run UNSTABLE"));
    for (Level l : levels) {
      String at = String.format(Locale.ROOT, " at %.0f%%", l.utilisation() * 100);
      PoissonLoad.Result m = l.measured();
      String note =
          m.unfinished() + m.failed() + m.dropped() > 0
              ? "overloaded: "
                  + m.dropped()
                  + " dropped, "
                  + m.failed()
                  + " failed, "
                  + m.unfinished()
                  + " unfinished"
              : null;
      out.add(goal("p50 (simulated + overhead) / measured" + at, l.correctedP50Ratio(), note));
      out.add(goal("p99 (simulated + overhead) / measured" + at, l.correctedP99Ratio(), note));
    }
    return out;
  }

  private static Goal goal(String what, double ratio, @Nullable String note) {
    return goal(what, ratio, LATENCY_TOLERANCE, note);
  }

  private static Goal goal(String what, double ratio, double tolerance, @Nullable String note) {
    return new Goal(
        what,
        ratio,
        String.format(Locale.ROOT, "%.2f to %.2f", 1 - tolerance, 1 + tolerance),
        within(ratio, tolerance) ? "MET" : "MISSED",
        note);
  }

  /** Returns a run's window throughputs, e.g. {@code 19253/28207/18227}. */
  private static String windows(RunResult r) {
    StringBuilder s = new StringBuilder();
    for (WindowResult w : r.windows()) {
      s.append(s.isEmpty() ? "" : "/").append(String.format(Locale.ROOT, "%.0f", w.throughput()));
    }
    return s.toString();
  }

  /** Returns the report as a table. */
  String table() {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "G9 simulator fidelity: %s v%s, %d instance(s), max batch %d; %s%n",
            setup.model(),
            setup.version(),
            setup.instances(),
            setup.maxBatchSize(),
            environment.coreSharing()));
    s.append("policy: ").append(setup.policy()).append('\n');
    s.append("profile (batch: p50/p99/mean µs, log-normal fit's mean µs):");
    for (ProfilePoint p : profile) {
      s.append(
          String.format(
              Locale.ROOT,
              " %d: %.0f/%.0f/%.0f fit %.0f;",
              p.batchSize(),
              p.p50Micros(),
              p.p99Micros(),
              p.meanMicros(),
              p.fittedMeanMicros()));
    }
    s.append('\n');
    s.append(
        String.format(
            Locale.ROOT,
            "unloaded (c=1): measured p50 %.1f µs, simulated p50 %.1f µs (profile batch 1: %.1f);"
                + " overhead %.1f µs%n",
            unloaded.measured().latency().p50Micros(),
            unloaded.simulated().p50Micros(),
            unloaded.profileBatch1P50Micros(),
            unloaded.overheadMicros()));
    if (hostCpu != null) {
      s.append("host CPU outside the model (rate: µs per request, average):");
      for (HostCpuCalibration.Point p : hostCpu.points()) {
        s.append(
            String.format(
                Locale.ROOT,
                " %.0f/s: %.1f (mean batch %.2f);",
                p.use().requestsPerSecond(),
                p.use().hostMicrosPerRequest(),
                p.use().meanBatchSize()));
      }
      s.append(
          String.format(
              Locale.ROOT,
              " marginal %.1f µs per request, background %.2f cores; simulated on %d cores%n",
              hostCpu.marginalMicrosPerRequest(),
              hostCpu.backgroundCores(),
              hostCpu.cores()));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "saturation: measured %.0f req/s (c=%d, %s; windows %s), simulated %.0f req/s (mean"
                + " batch %.1f): ratio %.3f; model only %.0f req/s: ratio %.3f%n",
            saturation.measured().throughput(),
            setup.saturationConcurrency(),
            saturation.measured().stability().isStable() ? "stable" : "UNSTABLE",
            windows(saturation.measured()),
            saturation.simulated().throughput(),
            saturation.simulated().meanBatchSize(),
            saturation.ratio(),
            saturation.simulatedModelOnly().throughput(),
            saturation.modelOnlyRatio()));
    s.append(
        String.format(
            Locale.ROOT,
            "saturation's own CPU (diagnostic): process %.2f cores busy (machine %.2f; busiest"
                + " thread %s), %.1f µs per request outside the model (mean batch %.1f)%n",
            saturation.measuredCpu().processCoresBusy(),
            saturation.measuredCpu().machineCoresBusy(),
            saturation.measuredCpu().busiestThread(),
            saturation.measuredCpu().hostMicrosPerRequest(),
            saturation.measuredCpu().meanBatchSize()));
    s.append(
        String.format(
            Locale.ROOT,
            "%5s %9s %9s %10s %10s %10s %10s %6s %9s %9s %9s %9s%n",
            "util",
            "rate/s",
            "done/s",
            "meas p50",
            "meas p99",
            "sim p50",
            "sim p99",
            "simU",
            "raw p50",
            "raw p99",
            "corr p50",
            "corr p99"));
    for (Level l : levels) {
      s.append(
          String.format(
              Locale.ROOT,
              "%4.0f%% %9.0f %9.0f %10.1f %10.1f %10.1f %10.1f %6.2f %9.3f %9.3f %9.3f %9.3f%n",
              l.utilisation() * 100,
              l.measured().ratePerSecond(),
              l.measured().throughput(),
              l.measured().latency().p50Micros(),
              l.measured().latency().p99Micros(),
              l.simulated().p50Micros(),
              l.simulated().p99Micros(),
              l.simulated().utilisation(),
              l.rawP50Ratio(),
              l.rawP99Ratio(),
              l.correctedP50Ratio(),
              l.correctedP99Ratio()));
    }
    s.append("latency goals judged on: ").append(judgedOn).append('\n');
    for (Goal g : goals) {
      s.append(
          String.format(
              Locale.ROOT,
              "goal %-48s %7.3f  (%s)  %s%s%n",
              g.what(),
              g.figure(),
              g.target(),
              g.verdict(),
              g.note() == null ? "" : "  [" + g.note() + "]"));
    }
    return s.toString();
  }
}
