package io.medulla.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.medulla.time.Ticker;
import io.medulla.time.WallClock;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Goal G7 of BENCHMARKS.md, cold start, in one run. Part A ({@link ServerColdStart}): on a real
 * server in ON_DEMAND mode, binary REST, audit off, the first request to a model that is not loaded
 * (lazy), the first request to a model a pre-warm schedule loaded, and the steady-state p50 of a
 * loaded model; the ratios lazy / pre-warmed (goal ≥ 10) and pre-warmed / steady (goal ≤ 1.2). Part
 * B ({@link MorningSimulation}): a simulated hospital day in virtual time, with and without a
 * schedule; the cold starts of each (goal: none with the schedule). Prints a table and writes
 * {@code bench/results/g7-<time>.json}.
 */
public final class ColdStartBench {
  private final G7Options options;
  private final Ticker ticker;
  private final WallClock wall;
  private final PrintStream progress;

  ColdStartBench(G7Options options, Ticker ticker, WallClock wall, PrintStream progress) {
    this.options = requireNonNull(options, "options");
    this.ticker = requireNonNull(ticker, "ticker");
    this.wall = requireNonNull(wall, "wall");
    this.progress = requireNonNull(progress, "progress");
  }

  /** Runs G7 with the given flags; exits 1 when a part failed, 2 on a bad flag. */
  public static void main(String[] args) throws IOException {
    if (List.of(args).contains("--help")) {
      System.out.println(G7Options.USAGE);
      System.exit(0);
      return;
    }
    G7Options options;
    try {
      options = G7Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("g7: " + e.getMessage());
      System.err.println(G7Options.USAGE);
      System.exit(2);
      return;
    }
    ColdStartBench bench =
        new ColdStartBench(options, Ticker.system(), WallClock.system(), System.err);
    G7Report report = bench.run();
    Path file = bench.write(report);
    System.out.print(G7Table.render(report));
    System.out.println("results: " + file);
    System.exit(report.complete() ? 0 : 1);
  }

  /**
   * Runs part A, then part B; a part that fails is reported with why, and the other still runs.
   * With {@code --synthetic-mib}, generates the model first, in a temporary repository.
   */
  G7Report run() throws IOException {
    String startedAt = wall.now().toString();
    G7Report.Environment before = environment("before");
    if (options.syntheticMib() <= 0) {
      return run(options, startedAt, before);
    }
    Path source = Files.createTempDirectory("medulla-g7-synthetic");
    try {
      SyntheticModel.write(source, options.syntheticMib(), options.seed());
      progress.printf(
          Locale.ROOT,
          "g7: generated %s with about %d MiB of weights%n",
          SyntheticModel.NAME,
          options.syntheticMib());
      return run(options.withModel(source, SyntheticModel.NAME), startedAt, before);
    } finally {
      ModelCopies.deleteTree(source);
    }
  }

  private G7Report run(G7Options effective, String startedAt, G7Report.Environment before) {
    ServerColdStart.Result a = null;
    String aError = null;
    try {
      a = new ServerColdStart(effective, ticker, wall, progress).run();
    } catch (Exception e) {
      aError = describe(e);
      progress.println("g7 A: FAILED: " + aError);
    }
    MorningSimulation.Result b = null;
    String bError = null;
    try {
      b = new MorningSimulation(effective, ticker, progress).run();
    } catch (Exception e) {
      bError = describe(e);
      progress.println("g7 B: FAILED: " + bError);
    }
    return new G7Report(
        "g7",
        startedAt,
        before,
        effective,
        a,
        aError,
        b,
        bError,
        goals(a, b),
        environment("after"));
  }

  static List<G7Report.Goal> goals(
      ServerColdStart.@Nullable Result a, MorningSimulation.@Nullable Result b) {
    List<G7Report.Goal> goals = new ArrayList<>();
    if (a != null) {
      goals.add(
          new G7Report.Goal(
              "first request to a pre-warmed model p50 / steady-state p50",
              a.prewarmedOverSteady(),
              "<= 1.2",
              a.prewarmedOverSteady() <= 1.2));
      goals.add(
          new G7Report.Goal(
              "first request p50: lazy load / pre-warmed",
              a.lazyOverPrewarmed(),
              ">= 10",
              a.lazyOverPrewarmed() >= 10));
    }
    if (b != null) {
      int cold = b.withSchedule().coldStarts();
      goals.add(
          new G7Report.Goal(
              "simulated day: cold starts with the schedule (without: "
                  + b.withoutSchedule().coldStarts()
                  + ")",
              cold,
              "= 0",
              cold == 0 && b.withSchedule().failedRequests() == 0));
    }
    return goals;
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static G7Report.Environment environment(String when) {
    return new G7Report.Environment(
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.version().toString(),
        "one JVM: the client (one request at a time, one connection), the server's threads and"
            + " ONNX Runtime share all cores; other work on the machine may compete ("
            + when
            + ")");
  }

  /** Writes the report to {@code <results-dir>/g7-<timestamp>.json}; returns the file. */
  Path write(G7Report report) throws IOException {
    Files.createDirectories(options.resultsDir());
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC)
            .format(Instant.parse(report.startedAt()));
    Path file = options.resultsDir().resolve("g7-" + stamp + ".json");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), report);
    return file;
  }
}
