package io.medulla.simulation;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a simulated run measured. Requests are counted by arrival (see {@link RequestStats}), models
 * by what happened inside the window (see {@link ModelStats}). Maps are sorted by name, so two
 * results of the same inputs and seed are equal and print the same {@link #summary()}.
 *
 * @param window the simulated window
 * @param seed the seed the run drew from
 * @param slos the workload's objectives, by priority class
 * @param overall every request
 * @param byClass requests per priority class
 * @param byTenant requests per tenant
 * @param byTarget requests per model or graph named
 * @param byModel per model, over the window
 * @param hours per clock hour of the window, in order
 * @param queueSamples per model, its queue at each sampling moment (every minute by default)
 * @param requests every request, in arrival order, when the simulator records them; else empty
 */
public record SimulationResult(
    SimulationWindow window,
    long seed,
    Map<String, ClassSlo> slos,
    RequestStats overall,
    Map<String, RequestStats> byClass,
    Map<String, RequestStats> byTenant,
    Map<String, RequestStats> byTarget,
    Map<String, ModelStats> byModel,
    List<HourlyResult> hours,
    Map<String, List<QueueSample>> queueSamples,
    List<RequestRecord> requests) {
  /** Creates a result; copies the collections, maps sorted by name. */
  public SimulationResult {
    requireNonNull(window, "window");
    requireNonNull(overall, "overall");
    slos = HourlyResult.sorted(slos);
    byClass = HourlyResult.sorted(byClass);
    byTenant = HourlyResult.sorted(byTenant);
    byTarget = HourlyResult.sorted(byTarget);
    byModel = HourlyResult.sorted(byModel);
    hours = List.copyOf(hours);
    TreeMap<String, List<QueueSample>> samples = new TreeMap<>();
    queueSamples.forEach((model, list) -> samples.put(model, List.copyOf(list)));
    queueSamples = Collections.unmodifiableSortedMap(samples);
    requests = List.copyOf(requests);
  }

  /**
   * Returns whether {@code priorityClass} (any case) met its objective: at least its percentile of
   * the class's arrivals completed within its latency. True for a class without an objective or
   * without requests.
   */
  public boolean meetsSlo(String priorityClass) {
    String name = priorityClass.toLowerCase(Locale.ROOT);
    ClassSlo slo = slos.get(name);
    RequestStats stats = byClass.get(name);
    return slo == null || stats == null || stats.sloAttainment() >= slo.percentile();
  }

  /** Returns whether every priority class met its objective. */
  public boolean meetsSlos() {
    for (String c : byClass.keySet()) {
      if (!meetsSlo(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns a stable multi-line text: the window and seed, then one line each for all requests,
   * each class (with its objective), tenant, target and model, then one line per hour.
   */
  public String summary() {
    List<String> lines = new ArrayList<>();
    lines.add("simulation " + window + " seed " + seed);
    lines.add("overall " + overall.summary());
    byClass.forEach(
        (name, s) -> {
          ClassSlo slo = slos.get(name);
          String objective =
              slo == null
                  ? ""
                  : String.format(
                      Locale.ROOT,
                      " | SLO %.2f%% within %s: attained %.3f%% %s",
                      100 * slo.percentile(),
                      Durations.format(slo.latency()),
                      100 * s.sloAttainment(),
                      meetsSlo(name) ? "met" : "MISSED");
          lines.add("class " + name + " " + s.summary() + objective);
        });
    byTenant.forEach((name, s) -> lines.add("tenant " + name + " " + s.summary()));
    byTarget.forEach((name, s) -> lines.add("target " + name + " " + s.summary()));
    byModel.forEach((name, m) -> lines.add("model " + name + " " + m.summary()));
    for (HourlyResult h : hours) {
      StringBuilder models = new StringBuilder();
      h.byModel()
          .forEach(
              (name, m) ->
                  models.append(
                      String.format(
                          Locale.ROOT,
                          " | %s %.1f%% batch %.2f",
                          name,
                          100 * m.utilisation(),
                          m.meanBatchSize())));
      lines.add(
          String.format(Locale.ROOT, "hour %02d ", h.hourOfDay()) + h.overall().summary() + models);
    }
    return String.join("\n", lines);
  }

  @Override
  public String toString() {
    return summary();
  }
}
