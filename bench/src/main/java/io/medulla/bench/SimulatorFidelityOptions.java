package io.medulla.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * G9's flags (bench/README.md, "G9").
 *
 * @param repository the model repository the server serves and the profiler loads
 * @param model the model measured
 * @param syntheticMib when &gt; 0, a generated MLP of about this many MiB of weights ({@link
 *     SyntheticModel}, with dynamic batching added) in a temporary repository replaces {@code
 *     model}
 * @param saturationConcurrency requests in flight in the closed loop that finds saturation
 * @param closedWarmup warm-up of each closed loop (unloaded and saturation), discarded
 * @param closedWindow one measurement window of a closed loop
 * @param closedWindows measurement windows per closed loop
 * @param openWarmup warm-up of each open-loop level, discarded
 * @param openWindow the measured interval of each open-loop level
 * @param utilisations the levels, as fractions of the measured saturation rate
 * @param simRequests requests the simulator runs per level (its window is this over the rate)
 * @param profileIterations timed executions per batch size in the profile
 * @param seed the seed of the real and the simulated arrivals
 * @param resultsDir where the JSON goes
 */
record SimulatorFidelityOptions(
    Path repository,
    String model,
    int syntheticMib,
    int saturationConcurrency,
    Duration closedWarmup,
    Duration closedWindow,
    int closedWindows,
    Duration openWarmup,
    Duration openWindow,
    List<Double> utilisations,
    long simRequests,
    int profileIterations,
    long seed,
    Path resultsDir) {
  /** Creates options; validates them and copies the list. */
  SimulatorFidelityOptions {
    utilisations = List.copyOf(utilisations);
    if (utilisations.isEmpty()) {
      throw new IllegalArgumentException("--utilisations: empty (expected: e.g. 0.5,0.8,0.95)");
    }
    for (double u : utilisations) {
      if (!(u > 0) || u >= 1.5) {
        throw new IllegalArgumentException("--utilisations: " + u + " (expected: 0 to 1.5)");
      }
    }
    if (saturationConcurrency < 1 || closedWindows < 1 || simRequests < 1000) {
      throw new IllegalArgumentException(
          "--saturation-concurrency, --windows >= 1 and --sim-requests >= 1000 expected");
    }
    if (syntheticMib < 0) {
      throw new IllegalArgumentException("--synthetic-mib: " + syntheticMib + " (expected: >= 0)");
    }
    if (profileIterations < 1) {
      throw new IllegalArgumentException("--profile-iterations: " + profileIterations);
    }
  }

  /** The defaults: mlp_classifier, about three minutes in all. */
  static SimulatorFidelityOptions defaults() {
    return new SimulatorFidelityOptions(
        Path.of("examples", "models"),
        "mlp_classifier",
        0,
        64,
        Duration.ofSeconds(2),
        Duration.ofSeconds(3),
        3,
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        List.of(0.5, 0.8, 0.95),
        1_000_000,
        1000,
        42,
        Path.of("bench", "results"));
  }

  /**
   * Returns the defaults overridden by {@code args} ({@code --flag value} pairs).
   *
   * @throws IllegalArgumentException for an unknown flag or a bad value
   */
  static SimulatorFidelityOptions parse(String[] args) {
    SimulatorFidelityOptions d = defaults();
    Path repository = d.repository();
    String model = d.model();
    int synthetic = d.syntheticMib();
    int concurrency = d.saturationConcurrency();
    Duration closedWarmup = d.closedWarmup();
    Duration closedWindow = d.closedWindow();
    int windows = d.closedWindows();
    Duration openWarmup = d.openWarmup();
    Duration openWindow = d.openWindow();
    List<Double> utilisations = d.utilisations();
    long simRequests = d.simRequests();
    int iterations = d.profileIterations();
    long seed = d.seed();
    Path results = d.resultsDir();
    if (args.length % 2 != 0) {
      throw new IllegalArgumentException(
          "every flag takes a value (got " + args.length + " words)");
    }
    for (int i = 0; i < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--model-repository" -> repository = Path.of(v);
        case "--model" -> model = v;
        case "--synthetic-mib" -> synthetic = Integer.parseInt(v);
        case "--saturation-concurrency" -> concurrency = Integer.parseInt(v);
        case "--closed-warmup-secs" -> closedWarmup = seconds(v);
        case "--closed-window-secs" -> closedWindow = seconds(v);
        case "--windows" -> windows = Integer.parseInt(v);
        case "--open-warmup-secs" -> openWarmup = seconds(v);
        case "--open-window-secs" -> openWindow = seconds(v);
        case "--utilisations" -> utilisations = doubles(v);
        case "--sim-requests" -> simRequests = Long.parseLong(v);
        case "--profile-iterations" -> iterations = Integer.parseInt(v);
        case "--seed" -> seed = Long.parseLong(v);
        case "--results-dir" -> results = Path.of(v);
        default -> throw new IllegalArgumentException("unknown flag " + args[i]);
      }
    }
    return new SimulatorFidelityOptions(
        repository,
        model,
        synthetic,
        concurrency,
        closedWarmup,
        closedWindow,
        windows,
        openWarmup,
        openWindow,
        utilisations,
        simRequests,
        iterations,
        seed,
        results);
  }

  private static Duration seconds(String v) {
    double s = Double.parseDouble(v);
    if (!(s >= 0)) {
      throw new IllegalArgumentException("seconds: " + v + " (expected: >= 0)");
    }
    return Duration.ofNanos((long) (s * 1e9));
  }

  private static List<Double> doubles(String v) {
    List<Double> out = new ArrayList<>();
    for (String part : v.split(",", -1)) {
      out.add(Double.parseDouble(part.trim()));
    }
    return out;
  }
}
