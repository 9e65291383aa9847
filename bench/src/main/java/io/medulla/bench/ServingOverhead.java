package io.medulla.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.medulla.inference.TenantId;
import io.medulla.repository.ModelControlMode;
import io.medulla.runtime.onnx.OnnxSettings;
import io.medulla.server.AuthenticationSettings;
import io.medulla.server.MedullaServer;
import io.medulla.server.ServerConfig;
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
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Goal G1 of BENCHMARKS.md, serving overhead: runs the same request against the same model as raw
 * ONNX Runtime in-process, through the engine in-process, through gRPC and through binary REST, at
 * each concurrency, in one run and one JVM, and reports each served mode's throughput and added
 * latency as a ratio to raw.
 *
 * <p>Run it with {@code bench/g1.sh [flags]} ({@code --help} lists them).
 */
public final class ServingOverhead {
  private static final String HOST = "127.0.0.1";
  private static final long SEED = 20_260_101L;
  private static final Duration PRIME_TIMEOUT = Duration.ofSeconds(60);

  private final G1Options options;
  private final Ticker ticker;
  private final WallClock wallClock;
  private final PrintStream progress;

  ServingOverhead(G1Options options, Ticker ticker, WallClock wallClock, PrintStream progress) {
    this.options = requireNonNull(options, "options");
    this.ticker = requireNonNull(ticker, "ticker");
    this.wallClock = requireNonNull(wallClock, "wallClock");
    this.progress = requireNonNull(progress, "progress");
  }

  /**
   * Runs the benchmark with the flags in {@code args}, prints the table and writes the JSON. Exits
   * with 0 when every run succeeded, 1 when one failed, 2 for a usage error.
   */
  public static void main(String[] args) throws Exception {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.print(G1Options.USAGE);
      return;
    }
    G1Options options;
    try {
      options = G1Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("g1: " + e.getMessage());
      System.err.print(G1Options.USAGE);
      System.exit(2);
      return;
    }
    ServingOverhead bench =
        new ServingOverhead(options, Ticker.system(), WallClock.system(), System.err);
    G1Report report = bench.run();
    Path file = bench.write(report);
    System.out.print(ReportTable.render(report));
    System.out.println();
    System.out.println("results: " + file);
    boolean failed = report.results().stream().anyMatch(r -> r.error() != null);
    System.exit(failed ? 1 : 0);
  }

  /** Starts a server, runs every (concurrency, mode) pair, stops the server and reports. */
  G1Report run() throws Exception {
    Instant started = wallClock.now();
    double loadBefore = loadAverage();
    ServerConfig config =
        ServerConfig.defaults(options.modelRepository())
            .withEphemeralPorts()
            .withModelControl(ModelControlMode.EXPLICIT, List.of(options.model()))
            .toBuilder()
            // The load generator runs on this machine and sends no credentials.
            .authentication(AuthenticationSettings.anonymousLoopback(TenantId.DEFAULT))
            // The shipped default, audit on, but in a folder of its own (G8 measures its cost).
            .audit(
                io.medulla.server.AuditSettings.inDirectory(
                    Files.createTempDirectory("medulla-g1")))
            .build();
    OnnxSettings onnx =
        OnnxSettings.defaults().withThreads(config.intraOpThreads(), config.interOpThreads());
    RawOnnxRuntime.OrtSettings ort =
        new RawOnnxRuntime.OrtSettings(
            onnx.intraOpThreads(),
            onnx.interOpThreads(),
            onnx.allowSpinning(),
            optLevel(onnx.graphOptimizationLevel()));
    List<RunResult> results = new ArrayList<>();
    BenchModel model;
    try (MedullaServer server = MedullaServer.start(config)) {
      if (!server.engine().isModelReady(options.model(), "")) {
        throw new IllegalArgumentException(
            "--model: '"
                + options.model()
                + "' is not ready in "
                + options.modelRepository()
                + " (see the server's log above)");
      }
      model =
          BenchModel.resolve(
              server.engine(),
              options.modelRepository(),
              options.model(),
              options.batchSize(),
              SEED);
      Measurement measurement =
          new Measurement(ticker, options.warmup(), options.window(), options.windows());
      try (RawOnnxRuntime raw = has(Mode.RAW) ? new RawOnnxRuntime(model, ort) : null;
          GrpcInferClient grpc =
              has(Mode.GRPC) ? new GrpcInferClient(HOST, server.grpcPort(), model) : null;
          BinaryRestClient rest =
              has(Mode.BINARY_REST) ? new BinaryRestClient(HOST, server.httpPort(), model) : null) {
        InProcessEngine inProcess = new InProcessEngine(server.engine(), model, ticker);
        Map<Mode, IntFunction<ClosedLoop>> loops = new EnumMap<>(Mode.class);
        Map<Mode, String> broken = new EnumMap<>(Mode.class);
        for (Mode mode : options.modes()) {
          // One request first, waited for: connects the clients, loads what loads lazily, and
          // checks the answer, so that neither start-up nor a broken mode lands in a window.
          try {
            loops.put(
                mode,
                switch (mode) {
                  case RAW -> primed(requireNonNull(raw));
                  case IN_PROCESS -> primed(inProcess);
                  case GRPC -> primed(requireNonNull(grpc));
                  case BINARY_REST -> primed(requireNonNull(rest));
                });
          } catch (Exception e) {
            broken.put(mode, "the first request failed: " + Measurement.describe(e));
          }
        }
        // Concurrency outermost: the modes compared at one concurrency run close together in time,
        // so drift in the machine's background load touches them alike.
        for (int c : options.concurrency()) {
          for (Mode mode : options.modes()) {
            IntFunction<ClosedLoop> loop = loops.get(mode);
            RunResult result =
                loop == null
                    ? RunResult.failed(mode.label(), c, requireNonNull(broken.get(mode)))
                    : measurement.run(mode.label(), c, loop.apply(c));
            results.add(result);
            progress.println(progressLine(result));
          }
        }
      }
    }
    G1Report.Environment environment =
        new G1Report.Environment(
            Runtime.getRuntime().availableProcessors(),
            loadBefore,
            loadAverage(),
            Runtime.version().toString(),
            ManagementFactory.getOperatingSystemMXBean().getName()
                + " "
                + ManagementFactory.getOperatingSystemMXBean().getArch(),
            coreSharing(config));
    G1Report.Setup setup =
        new G1Report.Setup(
            model.name(),
            model.version(),
            model.batchSize(),
            model.instanceCount(),
            model.hasDynamicBatching(),
            ort.intraOpThreads(),
            ort.interOpThreads(),
            ort.allowSpinning(),
            config.executionThreads(),
            options.warmup().toNanos() / 1e9,
            options.window().toNanos() / 1e9,
            options.windows(),
            options.concurrency(),
            options.modes().stream().map(Mode::label).toList());
    return new G1Report(
        "G1 serving overhead",
        started.toString(),
        environment,
        setup,
        results,
        G1Ratios.of(results));
  }

  private IntFunction<ClosedLoop> primed(BlockingTarget target) throws Exception {
    target.call();
    return c -> new ThreadedClosedLoop(target, c, ticker);
  }

  private IntFunction<ClosedLoop> primed(AsyncTarget target) throws Exception {
    try {
      target.send().get(PRIME_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof Exception failure ? failure : e;
    }
    return c -> new AsyncClosedLoop(target, c, ticker);
  }

  /** Writes the report as JSON to {@code <results-dir>/g1-<timestamp>.json}; returns the file. */
  Path write(G1Report report) throws IOException {
    Files.createDirectories(options.resultsDir());
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC)
            .format(Instant.parse(report.startedAt()));
    Path file = options.resultsDir().resolve("g1-" + stamp + ".json");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), report);
    return file;
  }

  private boolean has(Mode mode) {
    return options.modes().contains(mode);
  }

  private String coreSharing(ServerConfig config) {
    return String.format(
        Locale.ROOT,
        "client and server in one JVM on %d cores: the server's Armeria event loops and %d execution"
            + " threads; load from raw = c threads calling ONNX Runtime, in-process = no client"
            + " thread (callbacks on the server's execution threads), gRPC = grpc-java, one"
            + " connection, callbacks on its network thread, REST = Armeria HTTP/1.1 client with"
            + " one event-loop thread",
        Runtime.getRuntime().availableProcessors(),
        config.executionThreads());
  }

  private static String progressLine(RunResult r) {
    if (r.error() != null) {
      return String.format(
          Locale.ROOT, "g1: %-18s c=%-3d FAILED: %s", r.mode(), r.concurrency(), r.error());
    }
    return String.format(
        Locale.ROOT,
        "g1: %-18s c=%-3d %9.0f req/s  p50 %7.1f µs  p99 %8.1f µs  %s",
        r.mode(),
        r.concurrency(),
        r.throughput(),
        r.latency().p50Micros(),
        r.latency().p99Micros(),
        r.stability().isStable() ? "stable" : "unstable");
  }

  private static ai.onnxruntime.OrtSession.SessionOptions.OptLevel optLevel(
      OnnxSettings.GraphOptimizationLevel level) {
    return switch (level) {
      case DISABLED -> ai.onnxruntime.OrtSession.SessionOptions.OptLevel.NO_OPT;
      case BASIC -> ai.onnxruntime.OrtSession.SessionOptions.OptLevel.BASIC_OPT;
      case EXTENDED -> ai.onnxruntime.OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
      case ALL -> ai.onnxruntime.OrtSession.SessionOptions.OptLevel.ALL_OPT;
    };
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
