package io.medulla.bench;

import java.nio.file.Path;

/**
 * The flags of {@link GraphBench}.
 *
 * @param repository the model repository that holds the graph and its models
 * @param graph the graph measured (a {@code graph.yaml} graph)
 * @param warmupRequests requests per mode sent before measuring, and discarded
 * @param requests requests per mode in each window
 * @param windows measurement windows; the stability rule needs at least 3
 * @param resultsDir where the JSON goes
 */
record G6Options(
    Path repository, String graph, int warmupRequests, int requests, int windows, Path resultsDir) {
  static final String USAGE =
      "usage: GraphBench [--model-repository examples/models] [--graph clinical_triage]"
          + " [--warmup-requests 500] [--requests 2000] [--windows 3] [--results-dir bench/results]";

  /** Parses {@code args}; throws IllegalArgumentException naming a bad flag. */
  static G6Options parse(String... args) {
    Path repository = Path.of("examples/models");
    String graph = "clinical_triage";
    int warmup = 500;
    int requests = 2000;
    int windows = 3;
    Path results = Path.of("bench/results");
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + ": missing value");
      }
      String value = args[++i];
      switch (flag) {
        case "--model-repository" -> repository = Path.of(value);
        case "--graph" -> graph = value;
        case "--warmup-requests" -> warmup = count(flag, value, 0);
        case "--requests" -> requests = count(flag, value, 1);
        case "--windows" -> windows = count(flag, value, 1);
        case "--results-dir" -> results = Path.of(value);
        default -> throw new IllegalArgumentException("unknown flag: " + flag);
      }
    }
    return new G6Options(repository, graph, warmup, requests, windows, results);
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
}
