package io.medulla.simulation;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The request counts of a run: per hour of arrival, overall and per priority class, tenant and
 * target, each addressed by its index in the run's sorted name lists. Not thread-safe.
 */
final class RequestTallies {
  private final Tally[] overall;
  private final Tally[][] byClass;
  private final Tally[][] byTenant;
  private final Tally[][] byTarget;

  RequestTallies(int hours, int classes, int tenants, int targets) {
    overall = row(hours);
    byClass = grid(hours, classes);
    byTenant = grid(hours, tenants);
    byTarget = grid(hours, targets);
  }

  void arrive(int hour, int cls, int tenant, int target) {
    overall[hour].arrive();
    byClass[hour][cls].arrive();
    byTenant[hour][tenant].arrive();
    byTarget[hour][target].arrive();
  }

  void answer(
      int hour, int cls, int tenant, int target, Outcome outcome, long latency, boolean inSlo) {
    overall[hour].answer(outcome, latency, inSlo);
    byClass[hour][cls].answer(outcome, latency, inSlo);
    byTenant[hour][tenant].answer(outcome, latency, inSlo);
    byTarget[hour][target].answer(outcome, latency, inSlo);
  }

  RequestStats overall(int hour, Duration period) {
    return overall[hour].toStats(period);
  }

  Map<String, RequestStats> byClass(int hour, List<String> names, Duration period) {
    return stats(byClass[hour], names, period);
  }

  Map<String, RequestStats> byTenant(int hour, List<String> names, Duration period) {
    return stats(byTenant[hour], names, period);
  }

  Map<String, RequestStats> byTarget(int hour, List<String> names, Duration period) {
    return stats(byTarget[hour], names, period);
  }

  /** Returns the statistics over every hour. */
  RequestStats overallTotal(Duration period) {
    return total(overall).toStats(period);
  }

  Map<String, RequestStats> byClassTotal(List<String> names, Duration period) {
    return totals(byClass, names, period);
  }

  Map<String, RequestStats> byTenantTotal(List<String> names, Duration period) {
    return totals(byTenant, names, period);
  }

  Map<String, RequestStats> byTargetTotal(List<String> names, Duration period) {
    return totals(byTarget, names, period);
  }

  private static Map<String, RequestStats> stats(Tally[] row, List<String> names, Duration period) {
    Map<String, RequestStats> out = new TreeMap<>();
    for (int i = 0; i < names.size(); i++) {
      out.put(names.get(i), row[i].toStats(period));
    }
    return out;
  }

  private static Map<String, RequestStats> totals(
      Tally[][] grid, List<String> names, Duration period) {
    Map<String, RequestStats> out = new TreeMap<>();
    for (int i = 0; i < names.size(); i++) {
      Tally sum = new Tally();
      for (Tally[] hour : grid) {
        sum.add(hour[i]);
      }
      out.put(names.get(i), sum.toStats(period));
    }
    return out;
  }

  private static Tally total(Tally[] row) {
    Tally sum = new Tally();
    for (Tally t : row) {
      sum.add(t);
    }
    return sum;
  }

  private static Tally[] row(int n) {
    Tally[] out = new Tally[n];
    for (int i = 0; i < n; i++) {
      out[i] = new Tally();
    }
    return out;
  }

  private static Tally[][] grid(int hours, int n) {
    Tally[][] out = new Tally[hours][];
    for (int h = 0; h < hours; h++) {
      out[h] = row(n);
    }
    return out;
  }
}
