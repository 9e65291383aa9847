package io.medulla.prewarm;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How the {@link Prewarmer} works. Immutable.
 *
 * @param tickInterval how often it looks at the schedule and the history
 * @param lookahead how long before an hour starts predictive pre-warm may load for it
 * @param threshold the expected requests in an hour from which a model is pre-warmed
 * @param safetyFactor the factor on the expected load time when computing a schedule's lead time
 * @param safetyMargin added to the lead time after the factor
 * @param defaultLoadEstimate the expected load time of a model never loaded
 * @param persistInterval how often the usage history is saved
 * @param historyFile where the usage history is saved; null saves nothing
 */
public record PrewarmSettings(
    Duration tickInterval,
    Duration lookahead,
    double threshold,
    double safetyFactor,
    Duration safetyMargin,
    Duration defaultLoadEstimate,
    Duration persistInterval,
    @Nullable Path historyFile) {
  /** Creates settings; intervals must be positive, the threshold > 0 and the factor ≥ 1. */
  public PrewarmSettings {
    positive(tickInterval, "tickInterval");
    positive(lookahead, "lookahead");
    positive(defaultLoadEstimate, "defaultLoadEstimate");
    positive(persistInterval, "persistInterval");
    requireNonNull(safetyMargin, "safetyMargin");
    if (safetyMargin.isNegative()) {
      throw new IllegalArgumentException("safetyMargin: " + safetyMargin + " (expected >= 0)");
    }
    if (!(threshold > 0) || Double.isInfinite(threshold)) {
      throw new IllegalArgumentException("threshold: " + threshold + " (expected > 0)");
    }
    if (!(safetyFactor >= 1) || Double.isInfinite(safetyFactor)) {
      throw new IllegalArgumentException("safetyFactor: " + safetyFactor + " (expected >= 1)");
    }
  }

  /**
   * Returns the defaults: a tick every 30 s, a 1 h lookahead, a threshold of 1 request, lead time
   * 1.5 × the expected load time + 30 s, 60 s for a model never loaded, and the history saved every
   * 5 min to nowhere.
   */
  public static PrewarmSettings defaults() {
    return new PrewarmSettings(
        Duration.ofSeconds(30),
        Duration.ofHours(1),
        1.0,
        1.5,
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        Duration.ofMinutes(5),
        null);
  }

  /** Returns these settings saving the usage history to {@code file} (null: not at all). */
  public PrewarmSettings withHistoryFile(@Nullable Path file) {
    return new PrewarmSettings(
        tickInterval,
        lookahead,
        threshold,
        safetyFactor,
        safetyMargin,
        defaultLoadEstimate,
        persistInterval,
        file);
  }

  /** Returns these settings with another prediction threshold. */
  public PrewarmSettings withThreshold(double requests) {
    return new PrewarmSettings(
        tickInterval,
        lookahead,
        requests,
        safetyFactor,
        safetyMargin,
        defaultLoadEstimate,
        persistInterval,
        historyFile);
  }

  /** Returns these settings with another tick interval. */
  public PrewarmSettings withTickInterval(Duration interval) {
    return new PrewarmSettings(
        interval,
        lookahead,
        threshold,
        safetyFactor,
        safetyMargin,
        defaultLoadEstimate,
        persistInterval,
        historyFile);
  }

  /** Returns these settings with another prediction lookahead. */
  public PrewarmSettings withLookahead(Duration window) {
    return new PrewarmSettings(
        tickInterval,
        window,
        threshold,
        safetyFactor,
        safetyMargin,
        defaultLoadEstimate,
        persistInterval,
        historyFile);
  }

  /** Returns the lead time for loads expected to take {@code expectedLoadNanos} in all. */
  long leadNanos(long expectedLoadNanos) {
    double lead = expectedLoadNanos * safetyFactor + safetyMargin.toNanos();
    return lead >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) lead;
  }

  private static void positive(Duration d, String name) {
    requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + ": " + d + " (expected > 0)");
    }
  }
}
