package io.medulla.simulation;

import io.medulla.autoscaling.ScalingSettings;
import io.medulla.scheduling.BatchPolicy;
import io.medulla.scheduling.ClinicalPriority;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Goal G11 (docs/BENCHMARKS.md): replays a 10× load step and a clinical day through a deployment
 * whose replica count the real {@link io.medulla.autoscaling.ScalingPolicy} sets, and compares the
 * instance-seconds it paid for with static provisioning at the peak: the fewest fixed replicas that
 * meet every class's objective in the peak hour, found by simulation. The goal: the static count
 * costs at least 1.5 times the autoscaled one, while the autoscaled run answers at least 99 % of
 * requests within their class's objective. Prints a table and a JSON summary on the last line.
 *
 * <pre>
 * java -cp medulla-sim/target/classes:medulla-core/target/classes \
 *     io.medulla.simulation.AutoscalingBench [--scenario all|step|day] [--seed 1]
 *     [--base-rate 10] [--provisioning-delay-s 45] [--max-replicas 40] [--oracle false]
 *     [--queue-slos derived|defaults] [--scale-down-stabilisation-s 300]
 *     [--max-scale-up-factor 4] [--window-s 60] [--target-utilisation 0.7] [--timeline false]
 *     [--deadlines true]
 * </pre>
 *
 * <p>The deployment serves one model without batching (one instance per replica, 50 ms p50 and 100
 * ms p99 per request, about 19 requests per second per replica) to STAT (5 %), URGENT (25 %) and
 * ROUTINE (70 %) requests with end-to-end p99 objectives of 250 ms, 500 ms and 2 s; each request
 * carries its class's objective as its deadline, as a clinical client would.
 */
public final class AutoscalingBench {
  /** The model every replica serves. */
  static final String MODEL = "xray_classify";

  /** The clinical day's shape: each hour's share of the peak rate, midnight first. */
  static final double[] DAY = {
    0.1, 0.1, 0.1, 0.1, 0.1, 0.15, 0.3, 0.6, 1, 1, 0.8, 0.7, 0.6, 0.6, 0.6, 0.55, 0.5, 0.4, 0.3,
    0.25, 0.2, 0.15, 0.1, 0.1
  };

  /** A class's share of the requests and its end-to-end p99 objective, also its deadline. */
  private record ClassMix(String name, double share, Duration slo) {}

  private static final List<ClassMix> MIX =
      List.of(
          new ClassMix("routine", 0.7, Duration.ofSeconds(2)),
          new ClassMix("stat", 0.05, Duration.ofMillis(250)),
          new ClassMix("urgent", 0.25, Duration.ofMillis(500)));

  private static final Duration P50 = Duration.ofMillis(50);
  private static final Duration P99 = Duration.ofMillis(100);
  private static final double GOAL_RATIO = 1.5;
  private static final double GOAL_ATTAINMENT = 0.99;

  private AutoscalingBench() {}

  /** Runs the benchmark with the flags above. */
  public static void main(String[] args) {
    Map<String, String> flags = new TreeMap<>();
    if (args.length % 2 != 0) {
      throw new IllegalArgumentException("flag without a value: " + args[args.length - 1]);
    }
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected a --flag, got " + args[i]);
      }
      flags.put(args[i].substring(2), args[i + 1]);
    }
    String which = flags.getOrDefault("scenario", "all");
    long seed = Long.parseLong(flags.getOrDefault("seed", "1"));
    double base = Double.parseDouble(flags.getOrDefault("base-rate", "10"));
    Duration delay =
        Duration.ofSeconds(Long.parseLong(flags.getOrDefault("provisioning-delay-s", "45")));
    ScalingSettings d = ScalingSettings.defaults();
    ScalingSettings settings =
        d.withReplicaBounds(1, Integer.parseInt(flags.getOrDefault("max-replicas", "40")))
            .withQueueDelaySlos(queueSlos(flags.getOrDefault("queue-slos", "derived")))
            .withScaleDown(
                Duration.ofSeconds(
                    Long.parseLong(flags.getOrDefault("scale-down-stabilisation-s", "300"))),
                d.maxScaleDownFraction())
            .withMaxScaleUpFactor(
                Double.parseDouble(flags.getOrDefault("max-scale-up-factor", "4")))
            .withEvaluation(
                d.evaluationPeriod(),
                Duration.ofSeconds(Long.parseLong(flags.getOrDefault("window-s", "60"))))
            .withTargets(
                Double.parseDouble(flags.getOrDefault("target-utilisation", "0.7")),
                d.tolerance(),
                d.minSamples());
    List<AutoscalingScenario> scenarios = new ArrayList<>();
    boolean deadlines = Boolean.parseBoolean(flags.getOrDefault("deadlines", "true"));
    if (which.equals("all") || which.equals("step")) {
      scenarios.add(withoutDeadlinesUnless(deadlines, step(base, seed)));
    }
    if (which.equals("all") || which.equals("day")) {
      scenarios.add(withoutDeadlinesUnless(deadlines, day(10 * base, seed)));
    }
    if (scenarios.isEmpty()) {
      throw new IllegalArgumentException("--scenario " + which + " (expected: all, step or day)");
    }
    List<AutoscalingComparison> rows =
        run(
            scenarios,
            settings,
            delay,
            Boolean.parseBoolean(flags.getOrDefault("oracle", "false")),
            System.out);
    if (Boolean.parseBoolean(flags.getOrDefault("timeline", "false"))) {
      for (AutoscalingComparison r : rows) {
        for (ReplicaSample s : r.autoscaled().timeline()) {
          System.out.printf(
              Locale.ROOT,
              "%s %6ds ready %2d provisioning %2d desired %2d: %s%n",
              r.scenario(),
              s.at().toSeconds(),
              s.ready(),
              s.provisioning(),
              s.desired(),
              s.reason());
        }
      }
    }
  }

  /**
   * Returns the queue-delay SLOs: {@code derived} from the classes' objectives and the model's p99
   * ({@link QueueDelayBudgets}), as an operator would set {@code --slo-queue-delay}, or the
   * policy's {@code defaults}.
   */
  static Map<ClinicalPriority, Duration> queueSlos(String which) {
    return switch (which) {
      case "derived" -> {
        Map<String, ClassSlo> objectives = new TreeMap<>();
        for (ClassMix c : MIX) {
          objectives.put(c.name(), ClassSlo.p99(c.slo()));
        }
        yield QueueDelayBudgets.of(objectives, P99);
      }
      case "defaults" -> ScalingSettings.defaults().queueDelaySlos();
      default ->
          throw new IllegalArgumentException(
              "--queue-slos " + which + " (expected: derived or defaults)");
    };
  }

  /** Runs each scenario autoscaled and at its static peak count; prints and returns the rows. */
  static List<AutoscalingComparison> run(
      List<AutoscalingScenario> scenarios,
      ScalingSettings settings,
      Duration delay,
      boolean hourlyOracle,
      PrintStream out) {
    List<AutoscalingComparison> rows = new ArrayList<>();
    for (AutoscalingScenario s : scenarios) {
      rows.add(
          AutoscalingComparison.of(
              s, settings, delay, peakHour(s), settings.maxReplicas(), hourlyOracle));
    }
    out.println(
        "scenario  window  static  static inst-s  autoscaled inst-s  ratio  attainment"
            + "  per class (stat/urgent/routine)  peak  ups  downs  goal");
    for (AutoscalingComparison r : rows) {
      out.println(r.row(GOAL_RATIO, GOAL_ATTAINMENT));
    }
    for (AutoscalingComparison r : rows) {
      out.println(r.scenario() + " mean replicas by hour: " + r.hourlyReplicas());
      if (!Double.isNaN(r.hourlyOracleInstanceSeconds())) {
        out.printf(
            Locale.ROOT,
            "%s hourly oracle: %.0f instance-seconds, static / oracle %.2f%n",
            r.scenario(),
            r.hourlyOracleInstanceSeconds(),
            r.staticInstanceSeconds() / r.hourlyOracleInstanceSeconds());
      }
    }
    boolean met = rows.stream().allMatch(r -> r.meets(GOAL_RATIO, GOAL_ATTAINMENT));
    StringBuilder json = new StringBuilder();
    json.append(
        String.format(
            Locale.ROOT,
            "{\"goal\":\"G11\",\"provisioning_delay_s\":%d,\"ratio_goal\":%.1f,"
                + "\"attainment_goal\":%.2f,\"scenarios\":[",
            delay.toSeconds(),
            GOAL_RATIO,
            GOAL_ATTAINMENT));
    for (int i = 0; i < rows.size(); i++) {
      json.append(i == 0 ? "" : ",").append(rows.get(i).json(GOAL_RATIO, GOAL_ATTAINMENT));
    }
    json.append("],\"met\":").append(met).append('}');
    out.println(json);
    return rows;
  }

  /**
   * Returns a 10× step: an hour at {@code base} requests per second from midnight, then an hour at
   * ten times it.
   */
  static AutoscalingScenario step(double base, long seed) {
    double[] rates = new double[ArrivalPattern.HOURS];
    rates[0] = base;
    rates[1] = 10 * base;
    return scenario("step", ArrivalPattern.hourly(rates), SimulationWindow.hours(0, 2), seed);
  }

  /** Returns {@code s} unchanged when {@code deadlines}, else with no request deadlines. */
  static AutoscalingScenario withoutDeadlinesUnless(boolean deadlines, AutoscalingScenario s) {
    if (deadlines) {
      return s;
    }
    Workload w = s.workload();
    List<TenantWorkload> tenants = new ArrayList<>();
    for (TenantWorkload t : w.tenants()) {
      tenants.add(
          new TenantWorkload(
              t.tenant(), t.streams().stream().map(r -> r.withTimeout(Duration.ZERO)).toList()));
    }
    return s.withWorkload(new Workload(tenants, w.slos(), w.seed()));
  }

  /** Returns a whole day of {@link #DAY}'s shape peaking at {@code peak} requests per second. */
  static AutoscalingScenario day(double peak, long seed) {
    double[] rates = new double[ArrivalPattern.HOURS];
    for (int h = 0; h < rates.length; h++) {
      rates[h] = DAY[h] * peak;
    }
    return scenario("day", ArrivalPattern.hourly(rates), SimulationWindow.day(), seed);
  }

  /** Returns the deployment and clinical workload of the class description over {@code rates}. */
  static AutoscalingScenario scenario(
      String name, ArrivalPattern.Hourly rates, SimulationWindow window, long seed) {
    SimulatedModel model =
        SimulatedModel.of(MODEL, 1, BatchPolicy.clinicalDefaults(0, List.of(), Duration.ZERO));
    ExecutionTimes times =
        ExecutionTimes.logNormal(Map.of(MODEL, Map.of(1, new ExecutionPercentiles(P50, P99))));
    List<RequestStream> streams = new ArrayList<>();
    // One stream per class, each with the class's objective as its deadline: splitting a Poisson
    // stream by class gives Poisson streams at the shares of the rate.
    for (ClassMix c : MIX) {
      streams.add(
          new RequestStream(
              MODEL,
              scaled(rates, c.share()),
              Burstiness.poisson(),
              Map.of(c.name(), 1.0),
              c.slo()));
    }
    Workload workload =
        new Workload(List.of(new TenantWorkload("hospital", streams)), Map.of(), seed);
    for (ClassMix c : MIX) {
      workload = workload.withSlo(c.name(), ClassSlo.p99(c.slo()));
    }
    Simulator replica =
        Simulator.builder()
            .model(model)
            .executionTimes(times)
            .drainLimit(Duration.ofMinutes(10))
            .build();
    return new AutoscalingScenario(name, replica, workload, window);
  }

  /** Returns the first hour of the window whose total rate is highest, as a one-hour window. */
  static SimulationWindow peakHour(AutoscalingScenario s) {
    SimulationWindow w = s.window();
    int best = -1;
    double bestRate = -1;
    for (int i = 0; i < w.hourCount(); i++) {
      int hour = w.hourOfDay(i);
      double rate = 0;
      for (TenantWorkload t : s.workload().tenants()) {
        for (RequestStream r : t.streams()) {
          if (r.arrivals() instanceof ArrivalPattern.Hourly h) {
            rate += h.rate(hour);
          }
        }
      }
      if (rate > bestRate) {
        bestRate = rate;
        best = hour;
      }
    }
    return SimulationWindow.hours(best, 1);
  }

  private static ArrivalPattern.Hourly scaled(ArrivalPattern.Hourly rates, double share) {
    double[] out = new double[ArrivalPattern.HOURS];
    for (int h = 0; h < out.length; h++) {
      out[h] = rates.rate(h) * share;
    }
    return ArrivalPattern.hourly(out);
  }
}
