package io.medulla.server;

import static java.util.Objects.requireNonNull;

import io.medulla.cache.MemoryBudget;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The model cache and pre-warm settings.
 *
 * @param budget {@code --memory-budget [DEVICE=]SIZE}: memory per device that loaded versions may
 *     hold; unlimited where not set
 * @param pinned {@code --pin-model NAME}: models loaded at start and never evicted, besides those
 *     whose config sets {@code medulla.pinned}
 * @param prewarmSchedule {@code --prewarm-schedule FILE}: the schedule of models and graphs to have
 *     ready at given times; null turns scheduled pre-warm off
 * @param predictivePrewarm {@code --no-predictive-prewarm} turns it off: loading models that usage
 *     history expects in the next hour
 * @param timeZone {@code --usage-time-zone}: the zone whose hours of the week usage is counted in
 */
public record CacheSettings(
    MemoryBudget budget,
    Set<String> pinned,
    @Nullable Path prewarmSchedule,
    boolean predictivePrewarm,
    ZoneId timeZone) {
  /** The usage history's file name inside the data directory. */
  public static final String USAGE_FILE = "usage-history.txt";

  /** Creates settings; validates and copies. */
  public CacheSettings {
    requireNonNull(budget, "budget");
    pinned = Set.copyOf(pinned);
    requireNonNull(timeZone, "timeZone");
  }

  /** Returns the defaults: no budget, nothing pinned, no schedule, prediction on, in UTC. */
  public static CacheSettings defaults() {
    return new CacheSettings(MemoryBudget.unlimited(), Set.of(), null, true, ZoneId.of("UTC"));
  }
}
