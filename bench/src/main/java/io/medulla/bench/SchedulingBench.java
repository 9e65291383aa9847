package io.medulla.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.medulla.inference.TenantId;
import io.medulla.scheduling.BatchPolicy;
import io.medulla.scheduling.DynamicBatcher;
import io.medulla.scheduling.SchedulerListener;
import io.medulla.tenancy.TenantPolicies;
import io.medulla.time.Ticker;
import io.medulla.time.WallClock;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs one scheduling scenario (G2–G5 of BENCHMARKS.md) against a {@link DynamicBatcher} over the
 * real MLP in-process, prints a table and writes {@code bench/results/<scenario>-<time>.json}.
 *
 * <p>Usage: {@code SchedulingBench g2|g3|g4|g5 [--secs S] [--warmup-secs W] [--seed N]
 * [--model-repository DIR] [--results-dir DIR]}.
 */
public final class SchedulingBench {
  private SchedulingBench() {}

  /** Runs the scenario named by the first argument; exits 2 on a bad flag. */
  public static void main(String[] args) throws IOException {
    SchedulingOptions options;
    try {
      options = SchedulingOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(SchedulingOptions.USAGE);
      System.exit(2);
      return;
    }
    Path file = run(options, Ticker.system(), WallClock.system(), System.out);
    System.out.println("results: " + file);
    System.exit(0);
  }

  /** Runs {@code options.scenario()} and returns the JSON file written. */
  static Path run(SchedulingOptions options, Ticker ticker, WallClock wall, PrintStream out)
      throws IOException {
    requireNonNull(options, "options");
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("benchmark", options.scenario());
    report.put("startedAt", wall.now().toString());
    report.put("environment", environment("before"));
    Map<String, Object> setup = new LinkedHashMap<>();
    setup.put("model", SchedulerRig.MODEL);
    setup.put("maxBatchSize", SchedulerRig.MAX_BATCH);
    setup.put("maxQueueDelayMicros", SchedulerRig.MAX_QUEUE_DELAY.toNanos() / 1_000);
    setup.put("instances", 1);
    setup.put("onnxRuntimeSettings", "OnnxBackend() defaults (as the server ships)");
    setup.put("warmupSecs", options.warmup().toMillis() / 1e3);
    setup.put("measureSecs", options.measure().toMillis() / 1e3);
    setup.put("seed", options.seed());
    setup.put("path", "in-process: DynamicBatcher.schedule(request), no protocol");
    report.put("setup", setup);
    try (SchedulerRig rig = new SchedulerRig(options.repository(), ticker)) {
      Scenarios scenarios = new Scenarios(rig, options, out);
      Map<String, Object> body =
          switch (options.scenario()) {
            case "g2" -> scenarios.g2();
            case "g3" -> scenarios.g3();
            case "g4" -> scenarios.g4();
            case "g5" -> scenarios.g5();
            default -> throw new IllegalArgumentException("scenario: " + options.scenario());
          };
      report.putAll(body);
    }
    report.put("environmentAfter", environment("after"));
    Files.createDirectories(options.resultsDir());
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC)
            .format(wall.now());
    Path file = options.resultsDir().resolve(options.scenario() + "-" + stamp + ".json");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), report);
    return file;
  }

  private static Map<String, Object> environment(String when) {
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("cores", Runtime.getRuntime().availableProcessors());
    env.put("loadAverage1m", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    env.put("java", Runtime.version().toString());
    env.put(
        "garbageCollectors",
        ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList());
    env.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    env.put(
        "coreSharing",
        "load generator (one thread, asynchronous), scheduler, batch threads and ONNX Runtime share"
            + " all cores in one JVM; other work on the machine may compete ("
            + when
            + ")");
    return env;
  }

  /** Returns uniform tenants, or the given weights by tenant name. */
  static TenantPolicies weights(Map<String, Integer> weights) {
    Map<TenantId, io.medulla.tenancy.TenantPolicy> policies = new LinkedHashMap<>();
    weights.forEach(
        (name, w) ->
            policies.put(
                new TenantId(name),
                new io.medulla.tenancy.TenantPolicy(new TenantId(name), w, 0, 0, 0)));
    return TenantPolicies.of(policies, io.medulla.tenancy.TenantPolicy.defaults(TenantId.DEFAULT));
  }

  /** Builds the batcher of one run. */
  static DynamicBatcher batcher(
      SchedulerRig rig, BatchPolicy policy, TenantPolicies tenants, SchedulerListener listener) {
    return rig.batcher(policy, tenants, listener);
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  static List<String> goal(String what, double value, String op, double target) {
    boolean met = op.equals(">=") ? value >= target : value <= target;
    return List.of(what, fmt(value), op + " " + fmt(target), met ? "MET" : "MISSED");
  }
}
