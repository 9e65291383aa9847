package io.medulla.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.medulla.inference.TenantId;
import io.medulla.repository.ModelControlMode;
import io.medulla.runtime.ModelProfile;
import io.medulla.scheduling.BatchPolicy;
import io.medulla.server.AuditSettings;
import io.medulla.server.AuthenticationSettings;
import io.medulla.server.MedullaServer;
import io.medulla.server.ModelProfiler;
import io.medulla.server.PlanningRepository;
import io.medulla.server.ProfileOptions;
import io.medulla.server.ProfileProgress;
import io.medulla.server.ServerConfig;
import io.medulla.simulation.HostCpu;
import io.medulla.time.Ticker;
import io.medulla.time.WallClock;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Goal G9, the simulator's fidelity: a model served by a real server (in-process, binary REST on
 * loopback, {@code --no-audit}) and the simulator ({@code medulla-sim}) fed the same model's
 * profile, batch policy and instance count, compared at saturation and at fractions of the measured
 * saturation rate under the same Poisson load.
 *
 * <p>Steps: profile the model in-process ({@link ModelProfiler}, the server's thread settings, the
 * configured instance count); measure one request at a time and saturation (closed loops); measure
 * the host CPU one request costs outside the model at two moderate rates ({@link
 * HostCpuCalibration}); then each utilisation level (open loop, Poisson, latency from the scheduled
 * send); then, with the server stopped, the simulator at the same rates, its host's cores shared by
 * the calibrated per-request cost and the executions ({@link io.medulla.simulation.HostCpu}).
 * Usage: {@code bench/g9.sh [--flag value]...} (bench/README.md, "G9").
 */
public final class SimulatorFidelity {
  private static final String HOST = "127.0.0.1";

  /** How long an open-loop level waits for its last answers. */
  private static final Duration DRAIN = Duration.ofSeconds(15);

  /**
   * The most requests the open loop keeps in flight: each holds a connection (two descriptors in
   * this one process), and the default limit is often a few thousand.
   */
  private static final int MAX_OUTSTANDING = 4000;

  /** The unloaded simulation's rate, as a fraction of one instance's batch-1 rate. */
  private static final double UNLOADED_SHARE = 0.01;

  /**
   * The host CPU calibration's rates, as fractions of the measured saturation throughput: moderate
   * and below every level, so that the cores are not saturated and the CPU per request is not the
   * saturation throughput in disguise. Measured after the saturation loop, whose load leaves the
   * JIT warm (before it, compilation made the CPU per request fall as the rate rose), and before
   * the levels.
   */
  private static final List<Double> CALIBRATION_LOADS = List.of(0.2, 0.4);

  /** The saturation simulation offers this multiple of the largest capacity in sight. */
  private static final double OVERLOAD = 2;

  static final String JUDGED_ON =
      "the overhead-corrected ratios, with the host CPU model on. The simulator models the host's"
          + " cores, time-shared (processor sharing) by each request's CPU outside the model"
          + " (measured once, at a moderate rate before saturation and the levels: process CPU"
          + " minus the model's executions, per request) and by the executions; it leaves out"
          + " network and wake-up latency. The correction adds one constant, the unloaded overhead"
          + " (measured p50 at concurrency 1 minus the simulated unloaded p50, which includes the"
          + " host stage), measured before and apart from the levels it is applied to; nothing is"
          + " fitted to the compared points. The raw ratios show how much that constant matters."
          + " Saturation throughput is compared raw.";

  private final SimulatorFidelityOptions options;
  private final PrintStream progress;

  SimulatorFidelity(SimulatorFidelityOptions options, PrintStream progress) {
    requireNonNull(options, "options");
    this.options = options.syntheticMib() > 0 ? withSyntheticModel(options) : options;
    this.progress = requireNonNull(progress, "progress");
  }

  /** Runs G9 and prints its table; exits 1 when a run failed, 2 for a bad flag. */
  public static void main(String[] args) throws Exception {
    SimulatorFidelityOptions options;
    try {
      options = SimulatorFidelityOptions.parse(args);
    } catch (RuntimeException e) {
      System.err.println("g9: " + e.getMessage() + " (see bench/README.md, G9)");
      System.exit(2);
      return;
    }
    SimulatorFidelity bench = new SimulatorFidelity(options, System.err);
    SimulatorFidelityReport report = bench.run();
    Path file = bench.write(report);
    System.out.print(report.table());
    System.out.println("results: " + file);
    System.exit(failed(report) ? 1 : 0);
  }

  /** Returns whether a measured run failed or lost requests. */
  static boolean failed(SimulatorFidelityReport report) {
    return report.unloaded().measured().error() != null
        || report.saturation().measured().error() != null
        || report.levels().stream().anyMatch(l -> l.measured().firstError() != null);
  }

  /** Runs every step and returns the report. */
  SimulatorFidelityReport run() throws Exception {
    String started = WallClock.system().now().toString();
    double loadBefore = loadAverage();
    Path data = Files.createTempDirectory("medulla-g9");
    ServerConfig config =
        ServerConfig.builder(options.repository())
            .ports(0, 0, 0)
            .modelControl(ModelControlMode.EXPLICIT, List.of(options.model()))
            .authentication(AuthenticationSettings.anonymousLoopback(TenantId.DEFAULT))
            .audit(AuditSettings.inDirectory(data).disabled())
            .build();
    Ticker ticker = Ticker.system();
    Measurement closed =
        new Measurement(
            ticker, options.closedWarmup(), options.closedWindow(), options.closedWindows());
    BenchModel model;
    ModelProfile profile;
    RunResult unloaded;
    RunResult saturation;
    List<PoissonLoad.Result> measuredLevels = new ArrayList<>();
    HostCpuCalibration calibration = null;
    CpuMeter.Use saturationCpu;
    PoissonLoad load;
    try (MedullaServer server = MedullaServer.start(config)) {
      model = BenchModel.resolve(server.engine(), options.repository(), options.model(), 1, 42);
      // Profiled while the server idles: the same thread settings, its configured instances.
      profile = profile(model.instanceCount());
      try (BinaryRestClient client = new BinaryRestClient(HOST, server.httpPort(), model)) {
        client.send().get(30, TimeUnit.SECONDS);
        unloaded = closed.run("unloaded", 1, new AsyncClosedLoop(client, 1, ticker));
        report("unloaded", unloaded);
        load = new PoissonLoad(client, ticker, DRAIN, MAX_OUTSTANDING);
        int c = options.saturationConcurrency();
        CpuMeter saturationMeter = CpuMeter.start(server.engine(), model, ticker);
        saturation = closed.run("saturation", c, new AsyncClosedLoop(client, c, ticker));
        saturationCpu = saturationMeter.stop();
        report("saturation", saturation);
        progress.printf(
            Locale.ROOT,
            "g9: saturation used %.2f cores (process; machine %.2f), %.1f µs of Java threads' CPU"
                + " per request outside the model, busiest thread %s (diagnostic only)%n",
            saturationCpu.processCoresBusy(),
            saturationCpu.machineCoresBusy(),
            saturationCpu.hostMicrosPerRequest(),
            saturationCpu.busiestThread());
        if (saturation.error() == null) {
          double saturationRate = saturation.throughput();
          calibration =
              HostCpuCalibration.measure(
                  load,
                  ticker,
                  server.engine(),
                  model,
                  CALIBRATION_LOADS.stream().map(f -> f * saturationRate).toList(),
                  options.closedWarmup(),
                  options.closedWindow().multipliedBy(options.closedWindows()),
                  options.seed() - 1);
          report(calibration);
        }
        for (int i = 0; i < options.utilisations().size() && saturation.error() == null; i++) {
          double u = options.utilisations().get(i);
          PoissonLoad.Result r =
              load.run(
                  u * saturation.throughput(),
                  options.openWarmup(),
                  options.openWindow(),
                  options.seed() + i);
          progress.printf(
              Locale.ROOT,
              "g9: level %.0f%%: %.0f req/s offered, %.0f done/s, p50 %.1f µs, p99 %.1f µs,"
                  + " %d dropped, %d unfinished%s%n",
              u * 100,
              r.ratePerSecond(),
              r.throughput(),
              r.latency().p50Micros(),
              r.latency().p99Micros(),
              r.dropped(),
              r.unfinished(),
              r.firstError() == null ? "" : "  FAILED: " + r.firstError());
          measuredLevels.add(r);
        }
      }
    }
    progress.println("g9: simulating");
    BatchPolicy policy = PlanningRepository.batchPolicy(model.config());
    int instances = model.instanceCount();
    SimulatorFidelitySimulation modelOnly =
        SimulatorFidelitySimulation.of(profile, policy, instances);
    HostCpu host = calibration == null ? null : hostCpu(calibration);
    SimulatorFidelitySimulation sim = host == null ? modelOnly : modelOnly.withHost(host);
    long batch1 = profile.p50(profile.batchSizes().get(0), instances).orElseThrow();
    // Quiet for the instances and, with the host model, for the host's cores too.
    double quietCapacity = instances * 1e9 / Math.max(1, batch1);
    if (host != null) {
      quietCapacity =
          Math.min(quietCapacity, host.cores() * 1e9 / (host.request().p50().toNanos() + batch1));
    }
    SimulatorFidelitySimulation.Prediction quiet =
        sim.latency(
            UNLOADED_SHARE * quietCapacity,
            Math.min(options.simRequests(), 50_000),
            options.seed());
    double overhead =
        unloaded.error() == null ? unloaded.latency().p50Micros() - quiet.p50Micros() : 0;
    double capacity =
        Math.max(
            saturation.throughput(),
            profile.points().stream()
                .filter(p -> p.instances() == instances)
                .mapToDouble(ModelProfile.Point::throughputPerSecond)
                .max()
                .orElse(0));
    int inFlight = options.saturationConcurrency();
    SimulatorFidelitySimulation.Prediction simSaturation =
        sim.saturation(OVERLOAD * capacity, options.simRequests(), inFlight, options.seed());
    SimulatorFidelitySimulation.Prediction modelOnlySaturation =
        modelOnly.saturation(OVERLOAD * capacity, options.simRequests(), inFlight, options.seed());
    SimulatorFidelityReport.Saturation sat =
        new SimulatorFidelityReport.Saturation(
            saturation,
            saturationCpu,
            simSaturation,
            ratio(simSaturation.throughput(), saturation.throughput()),
            modelOnlySaturation,
            ratio(modelOnlySaturation.throughput(), saturation.throughput()));
    List<SimulatorFidelityReport.Level> levels = new ArrayList<>();
    for (int i = 0; i < measuredLevels.size(); i++) {
      PoissonLoad.Result m = measuredLevels.get(i);
      SimulatorFidelitySimulation.Prediction p =
          sim.latency(m.ratePerSecond(), options.simRequests(), options.seed() + i);
      levels.add(level(options.utilisations().get(i), m, p, overhead));
    }
    return new SimulatorFidelityReport(
        "G9 simulator fidelity",
        started,
        new SimulatorFidelityReport.Environment(
            Runtime.getRuntime().availableProcessors(),
            loadBefore,
            loadAverage(),
            ManagementFactory.getRuntimeMXBean().getVmName() + " " + Runtime.version(),
            "client (one Armeria event-loop thread plus the Poisson sender), server and ONNX"
                + " Runtime in one JVM on all "
                + Runtime.getRuntime().availableProcessors()
                + " cores; the profiler ran there before the load, the simulator (one thread)"
                + " after it"),
        new SimulatorFidelityReport.Setup(
            model.name(),
            model.version(),
            model.config().maxBatchSize(),
            instances,
            policy.toString(),
            options.saturationConcurrency(),
            options.openWindow().toNanos() / 1e9,
            options.simRequests()),
        profilePoints(profile, instances),
        new SimulatorFidelityReport.Unloaded(unloaded, batch1 / 1e3, quiet, overhead),
        calibration,
        sat,
        levels,
        JUDGED_ON,
        SimulatorFidelityReport.goals(sat, levels));
  }

  /**
   * Writes the synthetic model into a temporary repository and returns options that serve it. Its
   * configuration gets the dynamic batcher of the example MLP (100 µs), so that batching is part of
   * what the simulator must predict.
   */
  private static SimulatorFidelityOptions withSyntheticModel(SimulatorFidelityOptions o) {
    try {
      Path repository = Files.createTempDirectory("medulla-g9-models");
      SyntheticModel.write(repository, o.syntheticMib(), o.seed());
      Path config = repository.resolve(SyntheticModel.NAME).resolve("config.pbtxt");
      Files.writeString(
          config,
          "dynamic_batching { max_queue_delay_microseconds: 100 }\n",
          java.nio.file.StandardOpenOption.APPEND);
      return new SimulatorFidelityOptions(
          repository,
          SyntheticModel.NAME,
          o.syntheticMib(),
          o.saturationConcurrency(),
          o.closedWarmup(),
          o.closedWindow(),
          o.closedWindows(),
          o.openWarmup(),
          o.openWindow(),
          o.utilisations(),
          o.simRequests(),
          o.profileIterations(),
          o.seed(),
          o.resultsDir());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write the synthetic model", e);
    }
  }

  private ModelProfile profile(int instances) {
    progress.println("g9: profiling " + options.model() + " at " + instances + " instance(s)");
    ProfileOptions profileOptions =
        ProfileOptions.defaults(options.repository(), options.model())
            .withPoints(List.of(), List.of(instances))
            .withIterations(options.profileIterations(), ProfileOptions.DEFAULT_WARMUP_ITERATIONS);
    return new ModelProfiler(profileOptions).profile(ProfileProgress.NONE);
  }

  /** The host the simulator runs on: every core of this machine, the calibrated cost before. */
  static HostCpu hostCpu(HostCpuCalibration c) {
    long nanos = Math.max(0, Math.round(c.marginalMicrosPerRequest() * 1e3));
    return HostCpu.constant(c.cores(), Duration.ofNanos(nanos));
  }

  private void report(HostCpuCalibration c) {
    for (HostCpuCalibration.Point p : c.points()) {
      progress.printf(
          Locale.ROOT,
          "g9: host CPU  %.0f req/s offered, %d answered in %.1f s, process CPU %.2f s, Java"
              + " threads %.2f s, execution threads %.2f s, executions %.2f s (mean batch"
              + " %.2f): %.1f µs per request; machine %.2f cores busy; p50 %.1f µs, %d dropped%n",
          p.ratePerSecond(),
          p.use().requests(),
          p.use().seconds(),
          p.use().processCpuSeconds(),
          p.use().javaThreadCpuSeconds(),
          p.use().executionThreadCpuSeconds(),
          p.use().executionSeconds(),
          p.use().meanBatchSize(),
          p.use().hostMicrosPerRequest(),
          p.use().machineCoresBusy(),
          p.load().latency().p50Micros(),
          p.load().dropped());
    }
    progress.printf(
        Locale.ROOT,
        "g9: host CPU  marginal %.1f µs per request, background %.2f cores, %d cores%n",
        c.marginalMicrosPerRequest(),
        c.backgroundCores(),
        c.cores());
  }

  private void report(String label, RunResult r) {
    progress.printf(
        Locale.ROOT,
        "g9: %-10s c=%-3d %9.0f req/s  p50 %7.1f µs  p99 %7.1f µs  %s%s%n",
        label,
        r.concurrency(),
        r.throughput(),
        r.latency().p50Micros(),
        r.latency().p99Micros(),
        r.stability().isStable() ? "stable" : "UNSTABLE",
        r.error() == null ? "" : "  FAILED: " + r.error());
  }

  static SimulatorFidelityReport.Level level(
      double utilisation,
      PoissonLoad.Result measured,
      SimulatorFidelitySimulation.Prediction simulated,
      double overheadMicros) {
    double p50 = measured.latency().p50Micros();
    double p99 = measured.latency().p99Micros();
    return new SimulatorFidelityReport.Level(
        utilisation,
        measured,
        simulated,
        ratio(simulated.p50Micros(), p50),
        ratio(simulated.p99Micros(), p99),
        ratio(simulated.p50Micros() + overheadMicros, p50),
        ratio(simulated.p99Micros() + overheadMicros, p99));
  }

  private static double ratio(double simulated, double measured) {
    return measured > 0 ? simulated / measured : Double.NaN;
  }

  private static List<SimulatorFidelityReport.ProfilePoint> profilePoints(
      ModelProfile profile, int instances) {
    return profile.points().stream()
        .filter(p -> p.instances() == instances)
        .map(
            p ->
                SimulatorFidelityReport.ProfilePoint.of(
                    p.batchSize(),
                    p.p50Nanos() / 1e3,
                    p.p99Nanos() / 1e3,
                    p.meanNanos() / 1e3,
                    p.throughputPerSecond()))
        .toList();
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** Writes the report to {@code <results-dir>/g9-<timestamp>.json}; returns the file. */
  Path write(SimulatorFidelityReport report) throws IOException {
    Files.createDirectories(options.resultsDir());
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC)
            .format(Instant.parse(report.startedAt()));
    Path file = options.resultsDir().resolve("g9-" + stamp + ".json");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), report);
    return file;
  }
}
