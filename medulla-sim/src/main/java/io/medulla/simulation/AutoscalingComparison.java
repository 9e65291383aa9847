package io.medulla.simulation;

import static java.util.Objects.requireNonNull;

import io.medulla.autoscaling.ScalingSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One G11 comparison: a scenario served by the autoscaled deployment and by static provisioning at
 * the peak, the fewest fixed replicas that meet every class's objective in the peak hour.
 *
 * @param scenario the scenario's name
 * @param instancesPerReplica the model's instances in each replica
 * @param staticReplicas the static peak count
 * @param staticAtPeak the static count's run over the peak hour
 * @param autoscaled the autoscaled run over the whole window
 * @param hourlyOracleInstanceSeconds what a deployment that knew each hour's load in advance would
 *     pay: per hour of the window, the fewest fixed replicas that meet the objectives in that hour
 *     (found as the static count is); NaN when not computed
 */
public record AutoscalingComparison(
    String scenario,
    int instancesPerReplica,
    int staticReplicas,
    ReplicaResult staticAtPeak,
    ReplicaResult autoscaled,
    double hourlyOracleInstanceSeconds) {
  /** Creates a comparison; validates. */
  public AutoscalingComparison {
    requireNonNull(scenario, "scenario");
    requireNonNull(staticAtPeak, "staticAtPeak");
    requireNonNull(autoscaled, "autoscaled");
  }

  /**
   * Runs {@code scenario} autoscaled under {@code settings} and finds its static peak count by
   * simulating {@code peak} at fixed counts (doubling, then bisecting; the count is assumed to meet
   * the objectives from some count up).
   *
   * @param limit the most replicas tried for the static count
   * @throws IllegalStateException if even {@code limit} replicas miss the objectives at the peak
   */
  public static AutoscalingComparison of(
      AutoscalingScenario scenario,
      ScalingSettings settings,
      Duration provisioningDelay,
      SimulationWindow peak,
      int limit,
      boolean hourlyOracle) {
    ReplicaResult best = fewestMeeting(scenario.withWindow(peak), limit);
    ReplicaResult auto = scenario.run(ReplicaPlan.autoscaled(settings, provisioningDelay));
    double oracle = Double.NaN;
    if (hourlyOracle) {
      oracle = 0;
      SimulationWindow w = scenario.window();
      for (int h = 0; h < w.hourCount(); h++) {
        SimulationWindow hour = SimulationWindow.hours(w.hourOfDay(h), 1);
        oracle += fewestMeeting(scenario.withWindow(hour), limit).instanceSeconds();
      }
    }
    return new AutoscalingComparison(
        scenario.name(),
        scenario.instancesPerReplica(),
        best.plan().initialReplicas(),
        best,
        auto,
        oracle);
  }

  /**
   * Returns the run of the fewest fixed replicas that meet every class's objective over {@code
   * scenario}'s window: doubling, then bisecting (the count is assumed to meet them from some count
   * up).
   *
   * @throws IllegalStateException if even {@code limit} replicas miss the objectives
   */
  static ReplicaResult fewestMeeting(AutoscalingScenario scenario, int limit) {
    int lo = 0;
    int hi = 1;
    ReplicaResult best;
    while (true) {
      ReplicaResult r = scenario.run(ReplicaPlan.fixed(hi));
      if (r.meetsSlos()) {
        best = r;
        break;
      }
      lo = hi;
      if (hi >= limit) {
        throw new IllegalStateException(
            scenario.name() + ": " + limit + " fixed replicas miss the objectives");
      }
      hi = Math.min(limit, 2 * hi);
    }
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      ReplicaResult r = scenario.run(ReplicaPlan.fixed(mid));
      if (r.meetsSlos()) {
        hi = mid;
        best = r;
      } else {
        lo = mid;
      }
    }
    return best;
  }

  /** Returns the instance-seconds static provisioning at the peak pays over the whole window. */
  public double staticInstanceSeconds() {
    return (double) staticReplicas
        * instancesPerReplica
        * (autoscaled.window().length().toNanos() / 1e9);
  }

  /** Returns static instance-seconds over autoscaled ones: above 1, autoscaling saved. */
  public double ratio() {
    return staticInstanceSeconds() / autoscaled.instanceSeconds();
  }

  /** Returns whether the ratio and the autoscaled attainment reach the goals. */
  public boolean meets(double ratioGoal, double attainmentGoal) {
    return ratio() >= ratioGoal && autoscaled.attainment() >= attainmentGoal;
  }

  /** Returns the mean replicas paid for (ready and provisioning) by hour, from the timeline. */
  public List<String> hourlyReplicas() {
    SimulationWindow w = autoscaled.window();
    int hours = w.hourCount();
    double[] sum = new double[hours];
    int[] count = new int[hours];
    for (ReplicaSample s : autoscaled.timeline()) {
      int h = w.hourIndex(s.at().toNanos());
      sum[h] += s.ready() + s.provisioning();
      count[h]++;
    }
    List<String> out = new ArrayList<>();
    for (int h = 0; h < hours; h++) {
      out.add(String.format(Locale.ROOT, "%.1f", count[h] == 0 ? 0 : sum[h] / count[h]));
    }
    return out;
  }

  /** Returns the table row, judged against the goals. */
  String row(double ratioGoal, double attainmentGoal) {
    return String.format(
        Locale.ROOT,
        "%-8s  %5dh  %6d  %13.0f  %17.0f  %5.2f  %9.2f%%  %-31s  %4d  %3d  %5d  %s",
        scenario,
        autoscaled.window().length().toHours(),
        staticReplicas,
        staticInstanceSeconds(),
        autoscaled.instanceSeconds(),
        ratio(),
        100 * autoscaled.attainment(),
        perClass(autoscaled),
        autoscaled.peakReplicas(),
        autoscaled.scaleUps(),
        autoscaled.scaleDowns(),
        meets(ratioGoal, attainmentGoal) ? "met" : "MISSED");
  }

  /** Returns the JSON object of this comparison. */
  String json(double ratioGoal, double attainmentGoal) {
    StringBuilder classes = new StringBuilder();
    for (Map.Entry<String, ReplicaClassStats> e : autoscaled.byClass().entrySet()) {
      ReplicaClassStats s = e.getValue();
      classes
          .append(classes.isEmpty() ? "" : ",")
          .append(
              String.format(
                  Locale.ROOT,
                  "\"%s\":{\"arrived\":%d,\"attainment\":%.5f,\"timed_out\":%d,\"rejected\":%d}",
                  e.getKey(),
                  s.arrived(),
                  s.attainment(),
                  s.timedOut(),
                  s.rejected()));
    }
    return String.format(
        Locale.ROOT,
        "{\"scenario\":\"%s\",\"window_s\":%d,\"static_replicas\":%d,"
            + "\"static_attainment_at_peak\":%.5f,\"static_instance_seconds\":%.0f,"
            + "\"autoscaled_instance_seconds\":%.0f,\"ratio\":%.3f,\"attainment\":%.5f,"
            + "\"meets_class_slos\":%b,\"per_class\":{%s},\"peak_replicas\":%d,"
            + "\"scale_ups\":%d,\"scale_downs\":%d,\"hourly_oracle_instance_seconds\":%s,"
            + "\"met\":%b}",
        scenario,
        autoscaled.window().length().toSeconds(),
        staticReplicas,
        staticAtPeak.attainment(),
        staticInstanceSeconds(),
        autoscaled.instanceSeconds(),
        ratio(),
        autoscaled.attainment(),
        autoscaled.meetsSlos(),
        classes,
        autoscaled.peakReplicas(),
        autoscaled.scaleUps(),
        autoscaled.scaleDowns(),
        Double.isNaN(hourlyOracleInstanceSeconds)
            ? "null"
            : String.format(Locale.ROOT, "%.0f", hourlyOracleInstanceSeconds),
        meets(ratioGoal, attainmentGoal));
  }

  private static String perClass(ReplicaResult r) {
    StringBuilder s = new StringBuilder();
    for (String c : List.of("stat", "urgent", "routine")) {
      ReplicaClassStats stats = r.byClass().get(c);
      s.append(s.isEmpty() ? "" : "/")
          .append(
              stats == null ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * stats.attainment()));
    }
    return s.toString();
  }
}
