package io.medulla.simulation;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One clock hour of a run (partial at the window's edges): requests by the hour they arrived in,
 * models by what happened in the hour. Maps are sorted by name.
 *
 * @param index the hour's position in the run, 0 first
 * @param hourOfDay the hour of the day, 0 to 23
 * @param start when the hour begins, as an offset from the window's start
 * @param length how much of the hour lies in the window
 * @param overall every request
 * @param byClass requests per priority class
 * @param byTenant requests per tenant
 * @param byTarget requests per model or graph named
 * @param byModel per model
 */
public record HourlyResult(
    int index,
    int hourOfDay,
    Duration start,
    Duration length,
    RequestStats overall,
    Map<String, RequestStats> byClass,
    Map<String, RequestStats> byTenant,
    Map<String, RequestStats> byTarget,
    Map<String, ModelStats> byModel) {
  /** Creates an hour; copies the maps, sorted. */
  public HourlyResult {
    requireNonNull(start, "start");
    requireNonNull(length, "length");
    requireNonNull(overall, "overall");
    byClass = sorted(byClass);
    byTenant = sorted(byTenant);
    byTarget = sorted(byTarget);
    byModel = sorted(byModel);
  }

  static <V> Map<String, V> sorted(Map<String, V> map) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(map));
  }
}
