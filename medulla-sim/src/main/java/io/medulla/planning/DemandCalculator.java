package io.medulla.planning;

import static java.util.Objects.requireNonNull;

import io.medulla.runtime.ModelProfile;
import io.medulla.simulation.ArrivalPattern;
import io.medulla.simulation.ClassSlo;
import io.medulla.simulation.RequestStream;
import io.medulla.simulation.TenantWorkload;
import io.medulla.simulation.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Turns a workload, the graphs it calls and the models' profiles into a {@link Demand}.
 *
 * <p>Each model step of a graph is one model request per graph request, times the step's call
 * probability: 1 unless the graph statistics observed it, so conditional steps count as always
 * running (an upper bound, said in the notes). A model's latency budget is the tightest SLO of the
 * classes that reach it, divided by the number of model steps on the critical path of the graph
 * that calls it (each step gets an equal share); 1 s when no class has an SLO. Stateless.
 */
public final class DemandCalculator {
  /** The budget for a model no SLO covers. */
  static final Duration DEFAULT_BUDGET = Duration.ofSeconds(1);

  private static final long HOUR_NANOS = Duration.ofHours(1).toNanos();

  private DemandCalculator() {}

  /**
   * Returns the demand.
   *
   * @param graphs the graphs the workload may call, by name; other targets are models
   * @param profiles every model's profile, by name
   * @param devices the device types to size each model for
   * @throws IllegalArgumentException naming a model without a profile, or a graph step's model
   */
  public static Demand calculate(
      Workload workload,
      Map<String, GraphShape> graphs,
      Map<String, ModelProfile> profiles,
      List<DeviceType> devices) {
    requireNonNull(workload, "workload");
    Map<String, double[]> rates = new TreeMap<>();
    Map<String, Duration> budgets = new HashMap<>();
    double[] total = new double[ArrivalPattern.HOURS];
    Map<String, GraphLatency> latencies = new TreeMap<>();
    Function<String, Profiles> profileOf =
        model -> {
          ModelProfile p = profiles.get(model);
          if (p == null) {
            throw new IllegalArgumentException("model '" + model + "': no profile");
          }
          return Profiles.of(p);
        };
    boolean conditional = false;
    for (TenantWorkload tenant : workload.tenants()) {
      for (RequestStream stream : tenant.streams()) {
        double[] hourly = hourlyRates(stream.arrivals());
        add(total, hourly, 1);
        Duration slo = tightestSlo(workload, stream);
        GraphShape graph = graphs.get(stream.target());
        if (graph == null) {
          add(
              rates.computeIfAbsent(stream.target(), k -> new double[ArrivalPattern.HOURS]),
              hourly,
              1);
          budgets.merge(stream.target(), slo, DemandCalculator::min);
          continue;
        }
        GraphLatency latency =
            latencies.computeIfAbsent(graph.graph(), g -> criticalPath(graph, profileOf));
        conditional |= !latency.conditionalSteps().isEmpty();
        long modelSteps =
            latency.criticalPath().stream().filter(step -> modelOf(graph, step) != null).count();
        Duration share = slo.dividedBy(Math.max(1, modelSteps));
        for (GraphShape.Step step : graph.steps()) {
          if (step.model() != null) {
            add(
                rates.computeIfAbsent(step.model(), k -> new double[ArrivalPattern.HOURS]),
                hourly,
                step.callProbability());
            budgets.merge(step.model(), share, DemandCalculator::min);
          }
        }
      }
    }
    List<ModelNeed> models = new ArrayList<>();
    rates.forEach(
        (model, hourly) -> {
          Profiles p = profileOf.apply(model);
          Duration budget = budgets.getOrDefault(model, DEFAULT_BUDGET);
          List<DeviceNeed> needs = new ArrayList<>();
          double peak = max(hourly);
          for (DeviceType type : devices) {
            needs.add(
                new DeviceNeed(
                    type.name(),
                    BatchChoice.best(p.p50(), peak, type.speed(), budget),
                    p.memoryBytesPerInstance()));
          }
          models.add(
              new ModelNeed(
                  model,
                  list(hourly),
                  budget,
                  p.memoryBytesPerInstance(),
                  p.p50(),
                  p.p99(),
                  needs));
        });
    List<String> notes = new ArrayList<>();
    if (conditional) {
      notes.add(
          "conditional graph steps are counted as running for every graph request (an upper"
              + " bound) unless graph statistics observed how often they run");
    }
    if (workload.slos().isEmpty()) {
      notes.add("no class has an SLO: each model's latency budget is " + DEFAULT_BUDGET);
    }
    return new Demand(peakHour(total), list(total), models, List.copyOf(latencies.values()), notes);
  }

  /**
   * Returns a stream's mean arrival rate by hour of the day: an hourly pattern's own rates, or a
   * trace's arrivals counted by hour of day and divided by the seconds of that hour it covers.
   */
  public static double[] hourlyRates(ArrivalPattern arrivals) {
    double[] out = new double[ArrivalPattern.HOURS];
    switch (arrivals) {
      case ArrivalPattern.Hourly h -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = h.rate(i);
        }
      }
      case ArrivalPattern.Trace t -> {
        if (t.offsets().isEmpty()) {
          return out;
        }
        long last = t.offsets().get(t.offsets().size() - 1).toNanos();
        long days = last / (24 * HOUR_NANOS) + 1;
        for (Duration offset : t.offsets()) {
          out[(int) (offset.toNanos() / HOUR_NANOS % 24)] += 1;
        }
        for (int i = 0; i < out.length; i++) {
          out[i] /= 3600.0 * days;
        }
      }
    }
    return out;
  }

  /** Returns the critical path of {@code graph}, longest by median time at batch size 1. */
  static GraphLatency criticalPath(GraphShape graph, Function<String, Profiles> profiles) {
    Map<String, GraphShape.Step> byName = new HashMap<>();
    graph.steps().forEach(s -> byName.put(s.name(), s));
    Map<String, double[]> cost = new HashMap<>(); // step -> {p50 to here, p99 to here}
    Map<String, String> previous = new HashMap<>();
    @Nullable String end = null;
    double[] total = {0, 0};
    Set<String> dependedOn = new HashSet<>();
    graph.steps().forEach(s -> dependedOn.addAll(s.dependsOn()));
    for (String name : new TreeSet<>(byName.keySet())) {
      double[] c = visit(name, byName, profiles, cost, previous);
      // On a tie, a step nothing waits for wins, so the path runs to the graph's end.
      if (end == null || c[0] > total[0] || (c[0] == total[0] && !dependedOn.contains(name))) {
        end = name;
        total = c;
      }
    }
    List<String> path = new ArrayList<>();
    for (String s = end; s != null; s = previous.get(s)) {
      path.add(s);
    }
    Collections.reverse(path);
    List<String> conditional =
        graph.steps().stream()
            .filter(s -> s.conditional() && s.model() != null && s.callProbability() == 1)
            .map(GraphShape.Step::name)
            .sorted()
            .toList();
    return new GraphLatency(
        graph.graph(),
        path,
        Duration.ofNanos(Math.round(total[0] * 1e9)),
        Duration.ofNanos(Math.round(total[1] * 1e9)),
        conditional);
  }

  private static double[] visit(
      String name,
      Map<String, GraphShape.Step> steps,
      Function<String, Profiles> profiles,
      Map<String, double[]> cost,
      Map<String, String> previous) {
    double[] known = cost.get(name);
    if (known != null) {
      return known;
    }
    GraphShape.Step step = steps.get(name);
    if (step == null) {
      throw new IllegalArgumentException("graph step '" + name + "': unknown dependency");
    }
    double[] before = {0, 0};
    for (String d : step.dependsOn()) {
      double[] c = visit(d, steps, profiles, cost, previous);
      if (c[0] > before[0] || !previous.containsKey(name)) {
        before = c;
        previous.put(name, d);
      }
    }
    double[] own = {0, 0};
    if (step.model() != null) {
      Profiles p = profiles.apply(step.model());
      own[0] = BatchProfile.seconds(p.p50().executionTime(1));
      own[1] = BatchProfile.seconds(p.p99().executionTime(1));
    }
    double[] mine = {before[0] + own[0], before[1] + own[1]};
    cost.put(name, mine);
    return mine;
  }

  private static @Nullable String modelOf(GraphShape graph, String step) {
    for (GraphShape.Step s : graph.steps()) {
      if (s.name().equals(step)) {
        return s.model();
      }
    }
    return null;
  }

  private static Duration tightestSlo(Workload workload, RequestStream stream) {
    @Nullable Duration tightest = null;
    for (Map.Entry<String, Double> e : stream.priorityMix().entrySet()) {
      ClassSlo slo = workload.sloOf(e.getKey());
      if (e.getValue() > 0 && slo != null) {
        tightest = tightest == null ? slo.latency() : min(tightest, slo.latency());
      }
    }
    return tightest == null ? DEFAULT_BUDGET : tightest;
  }

  private static int peakHour(double[] total) {
    int peak = 0;
    for (int h = 1; h < total.length; h++) {
      if (total[h] > total[peak]) {
        peak = h;
      }
    }
    return peak;
  }

  private static void add(double[] into, double[] rates, double factor) {
    for (int i = 0; i < into.length; i++) {
      into[i] += rates[i] * factor;
    }
  }

  private static double max(double[] values) {
    double m = 0;
    for (double v : values) {
      m = Math.max(m, v);
    }
    return m;
  }

  private static List<Double> list(double[] values) {
    List<Double> out = new ArrayList<>(values.length);
    for (double v : values) {
      out.add(v);
    }
    return out;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
