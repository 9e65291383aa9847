package io.medulla.bench;

import static java.util.Objects.requireNonNull;

import io.medulla.cache.CacheListener;
import io.medulla.inference.ModelId;
import io.medulla.prewarm.PrewarmKind;
import io.medulla.prewarm.PrewarmListener;
import io.medulla.repository.LoadCause;
import io.medulla.repository.LoadReport;
import io.medulla.time.WallClock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hears the model cache and the pre-warmer during one simulated day and keeps what the report
 * needs: loads by cause with their real (not virtual) cost, evictions, cold starts, and a log of
 * each event at its simulated local time. Thread-safe (synchronized); the simulation calls it from
 * one thread.
 */
final class DayRecorder implements CacheListener, PrewarmListener {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

  private final WallClock calendar;
  private final ZoneId zone;
  private final Map<String, Integer> loadsByCause = new TreeMap<>();
  private final List<String> events = new ArrayList<>();
  private long realLoadNanos;
  private int evictions;
  private int coldStarts;
  private int refusals;

  DayRecorder(WallClock calendar, ZoneId zone) {
    this.calendar = requireNonNull(calendar, "calendar");
    this.zone = requireNonNull(zone, "zone");
  }

  @Override
  public synchronized void loaded(ModelId id, LoadReport report, LoadCause cause) {
    loadsByCause.merge(cause.name().toLowerCase(Locale.ROOT), 1, Integer::sum);
    realLoadNanos += report.loadNanos() + report.warmupNanos();
    log(
        String.format(
            Locale.ROOT,
            "loaded %s (%s; real load %.1f ms + warm-up %.1f ms)",
            id.name(),
            cause.name().toLowerCase(Locale.ROOT),
            report.loadNanos() / 1e6,
            report.warmupNanos() / 1e6));
  }

  @Override
  public synchronized void evicted(ModelId id, String device, long bytes, String reason) {
    evictions++;
    log("evicted " + id.name());
  }

  @Override
  public synchronized void coldStart(String model, long waitedNanos) {
    coldStarts++;
    log("cold start: a request to " + model + " waited for its load");
  }

  @Override
  public synchronized void refused(String model, String reason) {
    refusals++;
    log("refused a load of " + model + ": " + reason);
  }

  @Override
  public synchronized void prewarmStarted(String model, PrewarmKind kind, String why) {
    log("pre-warm of " + model + " started (" + why + ")");
  }

  synchronized void log(String event) {
    events.add(TIME.format(calendar.now().atZone(zone)) + " " + event);
  }

  synchronized Map<String, Integer> loadsByCause() {
    return new TreeMap<>(loadsByCause);
  }

  synchronized List<String> events() {
    return List.copyOf(events);
  }

  synchronized long realLoadNanos() {
    return realLoadNanos;
  }

  synchronized int evictions() {
    return evictions;
  }

  /** Returns the cold starts the cache reported (requests that waited for a load). */
  synchronized int coldStarts() {
    return coldStarts;
  }

  synchronized int refusals() {
    return refusals;
  }
}
