package io.medulla.bench;

import java.nio.file.Path;

/**
 * The flags of {@link ColdStartBench}.
 *
 * @param repository the repository the measured model is copied from
 * @param model the model copied under every name (part A and part B)
 * @param firstRequests first requests per group in part A: {@code lazy_1..K} and {@code sched_1..K}
 * @param steadyWarmup requests to the steady model sent before measuring, and discarded
 * @param steadyRequests requests to the steady model measured, half before and half after the
 *     pre-warmed first requests
 * @param waitForFiring whether part A waits until the schedule's cron time has passed before the
 *     first requests to the pre-warmed models (false: only until they are READY; for smoke runs)
 * @param minLeadSecs the cron fires at the next whole minute, or the one after when the next is
 *     closer than this
 * @param morningModels part B: models used on the morning rounds
 * @param eveningModels part B: models used by the evening backlog
 * @param requestsPerModel part B: requests to each model in its session
 * @param seed part B: seed of the arrival times; also of the request data and synthetic weights
 * @param syntheticMib when positive, both parts use a generated model ({@link SyntheticModel}) with
 *     about this many MiB of weights instead of {@code model}
 * @param resultsDir where the JSON goes
 */
record G7Options(
    Path repository,
    String model,
    int firstRequests,
    int steadyWarmup,
    int steadyRequests,
    boolean waitForFiring,
    int minLeadSecs,
    int morningModels,
    int eveningModels,
    int requestsPerModel,
    long seed,
    int syntheticMib,
    Path resultsDir) {
  static final String USAGE =
      "usage: bench/g7.sh [--model-repository examples/models] [--model image_classifier]"
          + " [--first-requests 7] [--steady-warmup 300] [--steady-requests 1000]"
          + " [--wait-for-firing true] [--min-lead-secs 15] [--morning-models 4]"
          + " [--evening-models 2] [--requests-per-model 25] [--seed 42] [--synthetic-mib 0]"
          + " [--results-dir bench/results]";

  /** Parses {@code args}; throws IllegalArgumentException naming a bad flag. */
  static G7Options parse(String... args) {
    Path repository = Path.of("examples/models");
    String model = "image_classifier";
    int first = 7;
    int warmup = 300;
    int steady = 1000;
    boolean wait = true;
    int minLead = 15;
    int morning = 4;
    int evening = 2;
    int perModel = 25;
    long seed = 42;
    int synthetic = 0;
    Path results = Path.of("bench/results");
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + ": missing value");
      }
      String value = args[++i];
      switch (flag) {
        case "--model-repository" -> repository = Path.of(value);
        case "--model" -> model = value;
        case "--first-requests" -> first = count(flag, value, 1);
        case "--steady-warmup" -> warmup = count(flag, value, 0);
        case "--steady-requests" -> steady = count(flag, value, 2);
        case "--wait-for-firing" -> wait = bool(flag, value);
        case "--min-lead-secs" -> minLead = count(flag, value, 0);
        case "--morning-models" -> morning = count(flag, value, 1);
        case "--evening-models" -> evening = count(flag, value, 1);
        case "--requests-per-model" -> perModel = count(flag, value, 1);
        case "--seed" -> seed = Long.parseLong(value);
        case "--synthetic-mib" -> synthetic = count(flag, value, 0);
        case "--results-dir" -> results = Path.of(value);
        default -> throw new IllegalArgumentException("unknown flag: " + flag);
      }
    }
    if (minLead >= 60) {
      throw new IllegalArgumentException("--min-lead-secs: " + minLead + " (expected: < 60)");
    }
    return new G7Options(
        repository,
        model,
        first,
        warmup,
        steady,
        wait,
        minLead,
        morning,
        evening,
        perModel,
        seed,
        synthetic,
        results);
  }

  /** Returns these options with the model taken from {@code source/name}. */
  G7Options withModel(Path source, String name) {
    return new G7Options(
        source,
        name,
        firstRequests,
        steadyWarmup,
        steadyRequests,
        waitForFiring,
        minLeadSecs,
        morningModels,
        eveningModels,
        requestsPerModel,
        seed,
        syntheticMib,
        resultsDir);
  }

  private static int count(String flag, String value, int min) {
    int n;
    try {
      n = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + ": " + value + " (expected: an integer)", e);
    }
    if (n < min) {
      throw new IllegalArgumentException(flag + ": " + value + " (expected: >= " + min + ")");
    }
    return n;
  }

  private static boolean bool(String flag, String value) {
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(flag + ": " + value + " (expected: true|false)");
    };
  }
}
