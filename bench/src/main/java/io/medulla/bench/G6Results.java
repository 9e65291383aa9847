package io.medulla.bench;

import static java.util.Objects.requireNonNull;

import io.medulla.graph.GraphPlan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns G6's measured windows into statistics, the critical path and the two ratios of the goal:
 * graph p50 over the sum of the critical path's step p50s (each step measured alone), and graph p99
 * over the p99 of the same steps called one by one by a client.
 */
final class G6Results {
  /** G6: graph p50 at most 1.05 times the critical path's step times. */
  static final double P50_GOAL = 1.05;

  /** G6: graph p99 at most 0.8 times the client's. */
  static final double P99_GOAL = 0.8;

  private G6Results() {}

  /** Returns each mode's figures, from its windows in the order measured. */
  static Map<String, G6Report.ModeResult> modes(
      Map<String, List<long[]>> windows, Map<String, String> kinds) {
    Map<String, G6Report.ModeResult> modes = new LinkedHashMap<>();
    for (Map.Entry<String, List<long[]>> e : windows.entrySet()) {
      List<WindowResult> results = new ArrayList<>();
      int n = 0;
      for (long[] w : e.getValue()) {
        long total = 0;
        for (long v : w) {
          total += v;
        }
        results.add(WindowResult.of(Math.max(1, total), w));
        n += w.length;
      }
      long[] all = new long[n];
      int at = 0;
      for (long[] w : e.getValue()) {
        System.arraycopy(w, 0, all, at, w.length);
        at += w.length;
      }
      Stability stability = Stability.of(results);
      modes.put(
          e.getKey(),
          new G6Report.ModeResult(
              kinds.getOrDefault(e.getKey(), e.getKey()),
              LatencyStats.of(all),
              results.stream().map(r -> r.latency().p50Micros()).toList(),
              stability.isStable(),
              stability.detail()));
    }
    return modes;
  }

  /** Returns the critical path of {@code plan} weighted by each step's p50 alone. */
  static G6Report.CriticalPath criticalPath(
      GraphPlan plan, Map<String, G6Report.ModeResult> modes) {
    Map<String, List<String>> deps = plan.dependencies();
    Map<String, Double> cost = new HashMap<>();
    Map<String, String> previous = new HashMap<>();
    String end = null;
    double endCost = -1;
    for (String step : plan.stepOrder()) {
      String best = null;
      double bestCost = 0;
      for (String d : deps.getOrDefault(step, List.of())) {
        double c = cost.getOrDefault(d, 0.0);
        if (best == null || c > bestCost) {
          best = d;
          bestCost = c;
        }
      }
      double total = bestCost + p50(modes, step);
      cost.put(step, total);
      if (best != null) {
        previous.put(step, best);
      }
      if (end == null || total > endCost) {
        end = step;
        endCost = total;
      }
    }
    List<String> path = new ArrayList<>();
    for (String s = end; s != null; s = previous.get(s)) {
      path.add(s);
    }
    Collections.reverse(path);
    double p50 = 0;
    double p99 = 0;
    for (String s : path) {
      G6Report.ModeResult m = modes.get(s);
      p50 += m == null ? 0 : m.latency().p50Micros();
      p99 += m == null ? 0 : m.latency().p99Micros();
    }
    double all = 0;
    for (String s : plan.stepOrder()) {
      all += p50(modes, s);
    }
    return new G6Report.CriticalPath(path, p50, p99, all);
  }

  private static double p50(Map<String, G6Report.ModeResult> modes, String step) {
    G6Report.ModeResult m = modes.get(step);
    return m == null ? 0 : m.latency().p50Micros();
  }

  /** Returns the goal's ratios. */
  static G6Report.Ratios ratios(
      Map<String, G6Report.ModeResult> modes, G6Report.CriticalPath path) {
    LatencyStats graph = requireNonNull(modes.get("graph"), "graph").latency();
    LatencyStats client = requireNonNull(modes.get("client"), "client").latency();
    return new G6Report.Ratios(
        graph.p50Micros() / path.p50SumMicros(),
        graph.p99Micros() / client.p99Micros(),
        graph.p50Micros() / client.p50Micros(),
        graph.p50Micros() / path.allStepsP50SumMicros());
  }

  /** Returns G6's two goals with their verdicts. */
  static List<G6Report.Goal> goals(Map<String, G6Report.ModeResult> modes, G6Report.Ratios r) {
    boolean stable =
        requireNonNull(modes.get("graph"), "graph").stable()
            && requireNonNull(modes.get("client"), "client").stable();
    return List.of(
        new G6Report.Goal(
            "graph p50 / critical-path p50 sum",
            r.graphP50OverCriticalPathP50Sum(),
            "<= " + P50_GOAL,
            r.graphP50OverCriticalPathP50Sum() <= P50_GOAL,
            stable),
        new G6Report.Goal(
            "graph p99 / client one-by-one p99",
            r.graphP99OverClientP99(),
            "<= " + P99_GOAL,
            r.graphP99OverClientP99() <= P99_GOAL,
            stable));
  }
}
