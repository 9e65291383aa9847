package io.medulla.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.medulla.inference.TenantId;
import io.medulla.repository.ModelControlMode;
import io.medulla.server.AuditSettings;
import io.medulla.server.AuthenticationSettings;
import io.medulla.server.MedullaServer;
import io.medulla.server.ServerConfig;
import io.medulla.time.Ticker;
import io.medulla.time.WallClock;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Goal G8, the audit trail's cost: binary REST to one model with the audit trail on (SQLite, the
 * default, group commit) and off ({@code --no-audit}), side by side in one run: throughput at
 * concurrency 32 and p50 at concurrency 1. Usage: {@code bench/g8.sh [--model M] [--warmup-secs S]
 * [--window-secs S] [--windows N] [--results-dir DIR] [--model-repository DIR]}.
 */
public final class AuditOverhead {
  private static final String HOST = "127.0.0.1";

  /** What G8 reports. */
  record Report(
      String scenario,
      String startedAt,
      String model,
      int cores,
      List<RunResult> results,
      double throughputRatioAt32,
      double addedP50MillisAt1) {}

  private final Path repository;
  private final String model;
  private final Duration warmup;
  private final Duration window;
  private final int windows;
  private final Path resultsDir;
  private final PrintStream progress;

  AuditOverhead(
      Path repository,
      String model,
      Duration warmup,
      Duration window,
      int windows,
      Path resultsDir,
      PrintStream progress) {
    this.repository = repository;
    this.model = model;
    this.warmup = warmup;
    this.window = window;
    this.windows = windows;
    this.resultsDir = resultsDir;
    this.progress = progress;
  }

  /** Runs G8 and prints its table; exits 1 when a run failed, 2 for a bad flag. */
  public static void main(String[] args) throws Exception {
    Path repository = Path.of("examples", "models");
    String model = "mlp_classifier";
    double warmup = 2;
    double window = 2;
    int windows = 3;
    Path results = Path.of("bench", "results");
    try {
      for (int i = 0; i < args.length; i += 2) {
        String value = args[i + 1];
        switch (args[i]) {
          case "--model-repository" -> repository = Path.of(value);
          case "--model" -> model = value;
          case "--warmup-secs" -> warmup = Double.parseDouble(value);
          case "--window-secs" -> window = Double.parseDouble(value);
          case "--windows" -> windows = Integer.parseInt(value);
          case "--results-dir" -> results = Path.of(value);
          default -> throw new IllegalArgumentException("unknown flag " + args[i]);
        }
      }
    } catch (RuntimeException e) {
      System.err.println("g8: " + e.getMessage() + " (see bench/README.md)");
      System.exit(2);
      return;
    }
    AuditOverhead bench =
        new AuditOverhead(
            repository, model, seconds(warmup), seconds(window), windows, results, System.err);
    Report report = bench.run();
    Path file = bench.write(report);
    System.out.print(table(report));
    System.out.println("results: " + file);
    System.exit(report.results().stream().anyMatch(r -> r.error() != null) ? 1 : 0);
  }

  private static Duration seconds(double s) {
    return Duration.ofNanos((long) (s * 1e9));
  }

  /** Starts both servers, measures each at concurrency 32 and 1, stops them and reports. */
  Report run() throws Exception {
    String started = WallClock.system().now().toString();
    Path data = Files.createTempDirectory("medulla-g8");
    ServerConfig on = config(AuditSettings.inDirectory(data));
    ServerConfig off = config(AuditSettings.inDirectory(data).disabled());
    Measurement measurement = new Measurement(Ticker.system(), warmup, window, windows);
    List<RunResult> results = new ArrayList<>();
    try (MedullaServer audited = MedullaServer.start(on);
        MedullaServer plain = MedullaServer.start(off)) {
      BenchModel m = BenchModel.resolve(plain.engine(), repository, model, 1, 42);
      try (BinaryRestClient withAudit = new BinaryRestClient(HOST, audited.httpPort(), m);
          BinaryRestClient withoutAudit = new BinaryRestClient(HOST, plain.httpPort(), m)) {
        withAudit.send().get(30, TimeUnit.SECONDS);
        withoutAudit.send().get(30, TimeUnit.SECONDS);
        for (int c : new int[] {32, 1}) {
          // Off first, then on, at each concurrency: both see the same drift in background load.
          for (boolean audit : new boolean[] {false, true}) {
            BinaryRestClient client = audit ? withAudit : withoutAudit;
            String label = audit ? "audit-on" : "audit-off";
            RunResult r =
                measurement.run(label, c, new AsyncClosedLoop(client, c, Ticker.system()));
            results.add(r);
            progress.printf(
                Locale.ROOT,
                "g8: %-9s c=%-3d %9.0f req/s  p50 %7.1f µs%s%n",
                label,
                c,
                r.throughput(),
                r.latency().p50Micros(),
                r.error() == null ? "" : "  FAILED: " + r.error());
          }
        }
      }
    }
    return new Report(
        "G8 audit overhead",
        started,
        model,
        Runtime.getRuntime().availableProcessors(),
        results,
        find(results, "audit-on", 32).throughput() / find(results, "audit-off", 32).throughput(),
        (find(results, "audit-on", 1).latency().p50Micros()
                - find(results, "audit-off", 1).latency().p50Micros())
            / 1000.0);
  }

  private ServerConfig config(AuditSettings audit) {
    return ServerConfig.builder(repository)
        .ports(0, 0, 0)
        .modelControl(ModelControlMode.EXPLICIT, List.of(model))
        .authentication(AuthenticationSettings.anonymousLoopback(TenantId.DEFAULT))
        .audit(audit)
        .build();
  }

  private static RunResult find(List<RunResult> results, String label, int c) {
    return results.stream()
        .filter(r -> r.mode().equals(label) && r.concurrency() == c)
        .findFirst()
        .orElseThrow();
  }

  /** Writes the report to {@code <results-dir>/g8-<timestamp>.json}; returns the file. */
  Path write(Report report) throws IOException {
    Files.createDirectories(resultsDir);
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC)
            .format(java.time.Instant.parse(report.startedAt()));
    Path file = resultsDir.resolve("g8-" + stamp + ".json");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), report);
    return file;
  }

  /** Returns the report as a table. */
  static String table(Report report) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "%-10s %4s %12s %10s%n", "mode", "c", "req/s", "p50 µs"));
    for (RunResult r : report.results()) {
      s.append(
          String.format(
              Locale.ROOT,
              "%-10s %4d %12.0f %10.1f%n",
              r.mode(),
              r.concurrency(),
              r.throughput(),
              r.latency().p50Micros()));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "throughput on/off at c=32: %.3f; p50 added at c=1: %.3f ms%n",
            report.throughputRatioAt32(),
            report.addedP50MillisAt1()));
    return s.toString();
  }
}
