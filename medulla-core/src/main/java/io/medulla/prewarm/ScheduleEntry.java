package io.medulla.prewarm;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;

/**
 * One entry of a pre-warm schedule: have {@code models} and the models of {@code graphs} READY
 * whenever {@code cron} fires in {@code zone}, and keep them warm for {@code keepFor} after.
 * Immutable.
 *
 * @param name names the entry in logs and errors; unique within a schedule
 * @param cron when the models must be READY
 * @param zone the time zone the cron expression is read in
 * @param models model names
 * @param graphs graph names; each stands for the models it calls
 * @param keepFor how long after each firing the models are kept from eviction
 */
public record ScheduleEntry(
    String name,
    CronExpression cron,
    ZoneId zone,
    List<String> models,
    List<String> graphs,
    Duration keepFor) {
  /** Creates an entry; requires a name, at least one model or graph, and a positive keepFor. */
  public ScheduleEntry {
    requireNonNull(name, "name");
    requireNonNull(cron, "cron");
    requireNonNull(zone, "zone");
    requireNonNull(keepFor, "keepFor");
    models = List.copyOf(models);
    graphs = List.copyOf(graphs);
    if (name.isBlank()) {
      throw new IllegalArgumentException("schedule entry name is blank");
    }
    if (models.isEmpty() && graphs.isEmpty()) {
      throw new IllegalArgumentException(
          "schedule entry '" + name + "' names no models or graphs (expected at least one)");
    }
    if (keepFor.isNegative() || keepFor.isZero()) {
      throw new IllegalArgumentException(
          "schedule entry '" + name + "': keepFor " + keepFor + " (expected > 0)");
    }
  }

  /** Returns the models, then the graphs: every name to expand through the target. */
  public List<String> targets() {
    return Stream.concat(models.stream(), graphs.stream()).toList();
  }
}
