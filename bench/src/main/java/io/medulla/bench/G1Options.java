package io.medulla.bench;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The settings of one G1 run, from the command line.
 *
 * @param modelRepository {@code --model-repository}: the repository the server serves (default
 *     examples/models)
 * @param model {@code --model}: the model measured (default mlp_classifier)
 * @param batchSize {@code --batch-size}: samples per request (default 1)
 * @param concurrency {@code --concurrency}: requests in flight, one run each (default 1,8,32)
 * @param modes {@code --modes}: the modes to run (default all four)
 * @param warmup {@code --warmup-secs}: load before each measurement, discarded (default 2)
 * @param window {@code --window-secs}: the length of one measurement window (default 2)
 * @param windows {@code --windows}: measurement windows per run, at least 3 for the stability rule
 *     (default 3)
 * @param resultsDir {@code --results-dir}: where the JSON goes (default bench/results)
 */
record G1Options(
    Path modelRepository,
    String model,
    int batchSize,
    List<Integer> concurrency,
    List<Mode> modes,
    Duration warmup,
    Duration window,
    int windows,
    Path resultsDir) {
  /** The usage text printed by {@code --help} and with every flag error. */
  static final String USAGE =
      """
      Usage: bench/g1.sh [flags]
        --model-repository PATH  model repository to serve (default examples/models)
        --model NAME             model to measure (default mlp_classifier)
        --batch-size N           samples per request (default 1)
        --concurrency LIST       requests in flight, e.g. 1,8,32 (default 1,8,32)
        --modes LIST             raw,in-process,grpc,rest (default all)
        --warmup-secs S          warm-up before each run, discarded (default 2)
        --window-secs S          length of one measurement window (default 2)
        --windows N              measurement windows per run (default 3)
        --results-dir PATH       where g1-<timestamp>.json goes (default bench/results)
      """;

  /** Creates options; validates every field. */
  G1Options {
    requireNonNull(modelRepository, "modelRepository");
    requireNonNull(model, "model");
    positive("--batch-size", batchSize);
    concurrency = List.copyOf(concurrency);
    if (concurrency.isEmpty()) {
      throw new IllegalArgumentException("--concurrency: empty (expected: e.g. 1,8,32)");
    }
    concurrency.forEach(c -> positive("--concurrency", c));
    modes = List.copyOf(modes);
    if (modes.isEmpty()) {
      throw new IllegalArgumentException("--modes: empty (expected: e.g. raw,grpc)");
    }
    requireNonNull(warmup, "warmup");
    requireNonNull(window, "window");
    if (window.isZero() || window.isNegative()) {
      throw new IllegalArgumentException("--window-secs: " + window + " (expected: > 0)");
    }
    positive("--windows", windows);
    requireNonNull(resultsDir, "resultsDir");
  }

  /** Returns the defaults. */
  static G1Options defaults() {
    return new G1Options(
        Path.of("examples/models"),
        "mlp_classifier",
        1,
        List.of(1, 8, 32),
        List.of(Mode.values()),
        Duration.ofSeconds(2),
        Duration.ofSeconds(2),
        3,
        Path.of("bench/results"));
  }

  /**
   * Returns the options named by {@code args} over the defaults.
   *
   * @throws IllegalArgumentException naming the flag when a flag is unknown or its value invalid
   */
  static G1Options parse(String... args) {
    G1Options o = defaults();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      String value;
      int eq = flag.indexOf('=');
      if (eq > 0) {
        value = flag.substring(eq + 1);
        flag = flag.substring(0, eq);
      } else {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(flag + ": missing value");
        }
        value = args[++i];
      }
      o = o.with(flag, value);
    }
    return o;
  }

  private G1Options with(String flag, String value) {
    Path repo = modelRepository;
    String m = model;
    int batch = batchSize;
    List<Integer> c = concurrency;
    List<Mode> md = modes;
    Duration w = warmup;
    Duration win = window;
    int n = windows;
    Path out = resultsDir;
    switch (flag) {
      case "--model-repository" -> repo = Path.of(value);
      case "--model" -> m = value;
      case "--batch-size" -> batch = integer(flag, value);
      case "--concurrency" -> c = integers(flag, value);
      case "--modes" -> md = modes(value);
      case "--warmup-secs" -> w = seconds(flag, value);
      case "--window-secs" -> win = seconds(flag, value);
      case "--windows" -> n = integer(flag, value);
      case "--results-dir" -> out = Path.of(value);
      default -> throw new IllegalArgumentException(flag + ": unknown flag");
    }
    return new G1Options(repo, m, batch, c, md, w, win, n, out);
  }

  private static int integer(String flag, String value) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + ": '" + value + "' (expected: an integer)", e);
    }
  }

  private static List<Integer> integers(String flag, String value) {
    return Arrays.stream(value.split(",", -1)).map(v -> integer(flag, v)).toList();
  }

  private static Duration seconds(String flag, String value) {
    try {
      double s = Double.parseDouble(value.strip());
      if (!(s >= 0) || s > 86_400) {
        throw new IllegalArgumentException(flag + ": " + value + " (expected: 0 to 86400)");
      }
      return Duration.ofNanos(Math.round(s * 1e9));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + ": '" + value + "' (expected: seconds)", e);
    }
  }

  private static List<Mode> modes(String value) {
    List<Mode> out = new ArrayList<>();
    for (String name : value.split(",", -1)) {
      out.add(
          switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "raw", "raw-onnxruntime" -> Mode.RAW;
            case "in-process", "in-process-engine", "engine" -> Mode.IN_PROCESS;
            case "grpc" -> Mode.GRPC;
            case "rest", "binary-rest" -> Mode.BINARY_REST;
            default ->
                throw new IllegalArgumentException(
                    "--modes: '" + name + "' (expected: raw, in-process, grpc or rest)");
          });
    }
    return out;
  }

  private static void positive(String flag, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(flag + ": " + value + " (expected: > 0)");
    }
  }
}
