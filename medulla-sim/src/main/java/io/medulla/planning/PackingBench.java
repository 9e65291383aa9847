package io.medulla.planning;

import io.medulla.time.Ticker;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Benchmark goal G10: the heuristic against the exact packer on seeded random problems of 2 to 12
 * models ({@link RandomProblems}). Prints a table by model count and a JSON summary on the last
 * line.
 *
 * <pre>
 * java -cp medulla-sim/target/classes:medulla-core/target/classes io.medulla.planning.PackingBench \
 *     [--instances 300] [--seed 1] [--min-models 2] [--max-models 12] \
 *     [--max-utilisation 0.8] [--node-budget 5000000]
 * </pre>
 *
 * <p>Problem {@code i} uses seed {@code seed + i}, so a run is reproducible; times are wall-clock
 * and vary with the machine.
 */
public final class PackingBench {
  private PackingBench() {}

  /** Runs the benchmark with the flags above. */
  public static void main(String[] args) {
    Map<String, String> flags = new TreeMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected a --flag, got " + args[i]);
      }
      flags.put(args[i].substring(2), args[i + 1]);
    }
    if (args.length % 2 != 0) {
      throw new IllegalArgumentException("flag without a value: " + args[args.length - 1]);
    }
    int instances = Integer.parseInt(flags.getOrDefault("instances", "300"));
    long seed = Long.parseLong(flags.getOrDefault("seed", "1"));
    int minModels = Integer.parseInt(flags.getOrDefault("min-models", "2"));
    int maxModels = Integer.parseInt(flags.getOrDefault("max-models", "12"));
    double maxUtilisation = Double.parseDouble(flags.getOrDefault("max-utilisation", "0.8"));
    long budget = Long.parseLong(flags.getOrDefault("node-budget", "5000000"));
    run(instances, seed, minModels, maxModels, maxUtilisation, budget, System.out);
  }

  /** Runs the comparisons, prints the table and the JSON line, and returns the summary. */
  static ComparisonSummary run(
      int instances,
      long seed,
      int minModels,
      int maxModels,
      double maxUtilisation,
      long nodeBudget,
      PrintStream out) {
    Packer heuristic = Packer.heuristic();
    Packer exact = Packer.exact(nodeBudget);
    Ticker ticker = Ticker.system();
    List<PackingComparison> all = new ArrayList<>();
    Map<Integer, List<PackingComparison>> byModels = new TreeMap<>();
    for (int i = 0; i < instances; i++) {
      PackingProblem problem =
          RandomProblems.generate(seed + i, minModels, maxModels, maxUtilisation);
      PackingComparison comparison = PackingComparison.of(problem, heuristic, exact, ticker);
      all.add(comparison);
      byModels.computeIfAbsent(comparison.models(), k -> new ArrayList<>()).add(comparison);
    }
    out.println(
        "models  n    within-goal  within-5%  worst-ratio  mean-ratio  proven  heur-ms  exact-ms");
    byModels.forEach((models, list) -> out.println(row(String.valueOf(models), list)));
    out.println(row("all", all));
    ComparisonSummary summary = ComparisonSummary.of(all);
    out.println(summary.toJson());
    return summary;
  }

  private static String row(String label, List<PackingComparison> list) {
    ComparisonSummary s = ComparisonSummary.of(list);
    return String.format(
        Locale.ROOT,
        "%-6s  %-4d %10.1f%%  %8.1f%%  %11.4f  %10.4f  %5.0f%%  %7.2f  %8.2f",
        label,
        s.instances(),
        100.0 * s.withinGoal() / s.instances(),
        100.0 * s.withinFivePercent() / s.instances(),
        s.worstRatio(),
        s.meanRatio(),
        100.0 * s.exactProven() / s.instances(),
        s.meanHeuristicMillis(),
        s.meanExactMillis());
  }
}
