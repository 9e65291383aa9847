package io.medulla.cli;

import io.medulla.runtime.ModelProfile;
import io.medulla.runtime.ModelProfile.Point;
import io.medulla.runtime.ModelProfile.Settings;
import io.medulla.server.ModelProfiler;
import io.medulla.server.ProfileFile;
import io.medulla.server.ProfileOptions;
import io.medulla.server.ProfileProgress;
import io.medulla.server.ServerConfig;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code medulla profile}: measures what one model costs on this machine (execution time by batch
 * size and instance count, load time, footprint) with the server's thread settings, prints a
 * summary and writes {@code <model>/profile.json} for capacity planning. See docs/PROFILING.md.
 *
 * <p>Exit status: 0 when the profile is written; 2 for bad arguments, an unknown model or version;
 * 1 when the model fails to load or run, or the file cannot be written.
 */
@Command(
    name = "profile",
    description =
        "Measures a model's execution time (p50, p99) by batch size and instance count, its load"
            + " time and memory footprint, and writes <model>/profile.json.")
final class ProfileCommand implements Callable<Integer> {
  private static final ServerConfig SERVER_DEFAULTS = ServerConfig.defaults(Path.of("."));

  /** How progress is shown on standard error. */
  enum ProgressMode {
    /** A bar redrawn in place on a terminal, else a line per step. */
    AUTO,
    /** A bar redrawn in place with carriage returns. */
    BAR,
    /** A line per step, for logs. */
    LINES,
    /** Nothing. */
    NONE
  }

  @SuppressWarnings("NullAway.Init") // picocli injects it before call()
  @Spec
  CommandSpec spec;

  // Not mixinStandardHelpOptions: its -V/--version would take the name --version needs here.
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Option(
      names = "--model-repository",
      required = true,
      description = "The model repository: <repo>/<model>/config.pbtxt and model versions.")
  Path modelRepository = Path.of(".");

  @Option(names = "--model", required = true, description = "The model to profile.")
  String model = "";

  @Option(
      names = "--version",
      paramLabel = "V",
      description = "The version to profile (default: the highest version the model serves).")
  long version;

  @Option(
      names = "--batch-sizes",
      split = ",",
      paramLabel = "N",
      description = "Batch sizes to measure (default: 1,2,4,8,16,32 up to max_batch_size).")
  List<Integer> batchSizes = new ArrayList<>();

  @Option(
      names = "--instances",
      split = ",",
      paramLabel = "N",
      description = "Instance counts to measure, one thread each (default: 1,2).")
  List<Integer> instances = new ArrayList<>(ProfileOptions.DEFAULT_INSTANCE_COUNTS);

  @Option(
      names = "--iterations",
      description = "Timed executions per instance and point (default: ${DEFAULT-VALUE}).")
  int iterations = ProfileOptions.DEFAULT_ITERATIONS;

  @Option(
      names = "--warmup-iterations",
      description =
          "Untimed executions per instance before each point (default: ${DEFAULT-VALUE}).")
  int warmupIterations = ProfileOptions.DEFAULT_WARMUP_ITERATIONS;

  @Option(
      names = "--onnx-intra-op-threads",
      description = "ONNX Runtime intra-op threads per instance (default: ${DEFAULT-VALUE}).")
  int intraOpThreads = SERVER_DEFAULTS.intraOpThreads();

  @Option(
      names = "--onnx-inter-op-threads",
      description = "ONNX Runtime inter-op threads per instance (default: ${DEFAULT-VALUE}).")
  int interOpThreads = SERVER_DEFAULTS.interOpThreads();

  @Option(
      names = "--onnx-execution-provider",
      split = ",",
      description =
          "ONNX Runtime execution providers in order: cpu, cuda, tensorrt (default: cpu).")
  List<String> executionProviders = new ArrayList<>(SERVER_DEFAULTS.executionProviders());

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "Where to write the profile (default: <repo>/<model>/profile.json).")
  @Nullable Path output;

  @Option(
      names = "--progress",
      paramLabel = "MODE",
      description =
          "auto (a bar on a terminal, else a line per step), bar, lines or none (default: auto).")
  ProgressMode progress = ProgressMode.AUTO;

  @Override
  public Integer call() {
    if (!Files.isDirectory(modelRepository)) {
      return usage("--model-repository: " + modelRepository + " is not a directory");
    }
    ProfileOptions options;
    try {
      options =
          new ProfileOptions(
              modelRepository,
              model,
              version,
              batchSizes,
              instances,
              iterations,
              warmupIterations,
              intraOpThreads,
              interOpThreads,
              executionProviders,
              ProfileOptions.describeMachine());
    } catch (IllegalArgumentException e) {
      return usage(String.valueOf(e.getMessage()));
    }
    ProgressLine bar = new ProgressLine(err(), showsBar());
    ModelProfile profile;
    try {
      profile =
          new ModelProfiler(options)
              .profile(progress == ProgressMode.NONE ? ProfileProgress.NONE : bar);
    } catch (IllegalArgumentException e) {
      bar.finish();
      return usage(String.valueOf(e.getMessage()));
    } catch (RuntimeException e) {
      bar.finish();
      return failure("model '" + model + "' could not be profiled: " + describe(e));
    }
    bar.finish();
    Path file = output != null ? output : ProfileFile.defaultPath(modelRepository, model);
    PrintWriter out = spec.commandLine().getOut();
    printSummary(out, profile);
    try {
      ProfileFile.write(file, profile);
    } catch (IOException e) {
      return failure(file + ": cannot write the profile (" + describe(e) + ")");
    }
    out.println();
    out.println("Profile written to " + file);
    out.flush();
    return 0;
  }

  private boolean showsBar() {
    return switch (progress) {
      case BAR -> true;
      case LINES, NONE -> false;
      case AUTO -> isTerminal();
    };
  }

  /** Returns whether the console is a terminal; JDK 22+ also gives a console when redirected. */
  private static boolean isTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return Boolean.TRUE.equals(Console.class.getMethod("isTerminal").invoke(console));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return true; // before JDK 22, a console is a terminal
    }
  }

  /** Prints the profile for people: what was measured, the load figures, then a table. */
  static void printSummary(PrintWriter out, ModelProfile p) {
    Settings s = p.settings();
    out.printf(
        Locale.ROOT,
        "Profile of model '%s' version %d (%s)%n",
        p.model(),
        p.version(),
        p.platform());
    out.printf(Locale.ROOT, "  model sha256  %s%n", p.sha256());
    out.printf(
        Locale.ROOT,
        "  settings      per instance %d intra-op and %d inter-op threads; providers %s%n",
        s.intraOpThreads(),
        s.interOpThreads(),
        String.join(", ", s.executionProviders()));
    out.printf(Locale.ROOT, "  machine       %s%n", s.machine());
    out.printf(
        Locale.ROOT,
        "  load          %s (%s)%n",
        millis(p.loadNanos()),
        plural(p.loadedInstances(), "instance"));
    out.printf(Locale.ROOT, "  warm-up       %s%n", millis(p.warmupNanos()));
    out.printf(Locale.ROOT, "  footprint     %s on %s%n", bytes(p.memoryBytes()), p.device());
    out.println();
    out.printf(
        Locale.ROOT,
        "%7s  %9s  %10s  %10s  %14s  %8s%n",
        "BATCH",
        "INSTANCES",
        "P50 MS",
        "P99 MS",
        "THROUGHPUT/S",
        "SAMPLES");
    for (Point point : p.points()) {
      out.printf(
          Locale.ROOT,
          "%7d  %9d  %10.3f  %10.3f  %14.1f  %8d%n",
          point.batchSize(),
          point.instances(),
          point.p50Nanos() / 1e6,
          point.p99Nanos() / 1e6,
          point.throughputPerSecond(),
          point.samples());
    }
    out.flush();
  }

  private static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }

  private static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = n;
    int unit = -1;
    while (v >= 1024 && unit < units.length - 1) {
      v /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[unit]);
  }

  private static String describe(Exception e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  private int usage(String message) {
    err().println("medulla profile: " + message);
    err().flush();
    return 2;
  }

  private int failure(String message) {
    err().println("medulla profile: " + message);
    err().flush();
    return 1;
  }

  private PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /**
   * Shows progress on standard error: a bar redrawn in place with carriage returns, or a line per
   * step. The bar starts after the load, whose log lines would otherwise land on it, and ends its
   * line at the last step. Called from the profiling thread only.
   */
  static final class ProgressLine implements ProfileProgress {
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean bar;
    private int lastLength;
    private boolean drawn;

    ProgressLine(PrintWriter err, boolean bar) {
      this.err = err;
      this.bar = bar;
    }

    @Override
    public void update(int done, int total, String label) {
      if (!bar) {
        err.printf(Locale.ROOT, "[%d/%d] %s%n", done, total, label);
        err.flush();
        return;
      }
      if (done == 0) {
        err.println(label + "...");
        err.flush();
        return;
      }
      int filled = total <= 0 ? WIDTH : (int) ((long) WIDTH * Math.min(done, total) / total);
      String line =
          String.format(
              Locale.ROOT,
              "[%s%s] %d/%d %s",
              "#".repeat(filled),
              ".".repeat(WIDTH - filled),
              done,
              total,
              label);
      // Spaces wipe what a longer previous line left behind.
      err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
      err.flush();
      lastLength = line.length();
      drawn = true;
      if (done >= total) {
        finish();
      }
    }

    /** Ends the bar's line, so that what follows starts on a line of its own. */
    void finish() {
      if (drawn) {
        err.println();
        err.flush();
        drawn = false;
        lastLength = 0;
      }
    }
  }
}
