package io.medulla.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * The flags of {@link SchedulingBench}.
 *
 * @param scenario g2, g3, g4 or g5
 * @param warmup load applied before each measured phase and discarded
 * @param measure the length of each measured phase
 * @param seed the seed of the Poisson arrivals
 * @param repository the model repository holding {@code mlp_classifier}
 * @param resultsDir where the JSON goes
 * @param sloScale deadlines as a multiple of the unloaded p99 (G3, G4)
 */
record SchedulingOptions(
    String scenario,
    Duration warmup,
    Duration measure,
    long seed,
    Path repository,
    Path resultsDir,
    double sloScale) {
  static final String USAGE =
      "usage: SchedulingBench g2|g3|g4|g5 [--secs 4] [--warmup-secs 1] [--seed 42]"
          + " [--slo-scale 5] [--model-repository examples/models] [--results-dir bench/results]";

  private static final Set<String> SCENARIOS = Set.of("g2", "g3", "g4", "g5");

  /** Parses {@code args}; throws IllegalArgumentException naming a bad flag. */
  static SchedulingOptions parse(String... args) {
    if (args.length == 0 || !SCENARIOS.contains(args[0])) {
      throw new IllegalArgumentException(
          "scenario: " + (args.length == 0 ? "none" : args[0]) + " (expected: g2, g3, g4 or g5)");
    }
    Duration warmup = Duration.ofSeconds(1);
    Duration measure = Duration.ofSeconds(4);
    long seed = 42;
    double slo = 5;
    Path repository = Path.of("examples/models");
    Path results = Path.of("bench/results");
    for (int i = 1; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + ": missing value");
      }
      String value = args[++i];
      switch (flag) {
        case "--secs" -> measure = seconds(flag, value);
        case "--warmup-secs" -> warmup = seconds(flag, value);
        case "--seed" -> seed = Long.parseLong(value);
        case "--slo-scale" -> slo = Double.parseDouble(value);
        case "--model-repository" -> repository = Path.of(value);
        case "--results-dir" -> results = Path.of(value);
        default -> throw new IllegalArgumentException("unknown flag: " + flag);
      }
    }
    return new SchedulingOptions(args[0], warmup, measure, seed, repository, results, slo);
  }

  private static Duration seconds(String flag, String value) {
    double s;
    try {
      s = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + ": " + value + " (expected: seconds)", e);
    }
    if (!(s > 0)) {
      throw new IllegalArgumentException(flag + ": " + value + " (expected: > 0)");
    }
    return Duration.ofNanos((long) (s * 1e9));
  }
}
