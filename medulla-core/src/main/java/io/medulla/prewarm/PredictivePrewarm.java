package io.medulla.prewarm;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Predictive pre-warm: at each tick, for the hour starting at the next hour boundary (in the
 * history's zone), reports every model's expected requests and, once the hour is within the
 * lookahead, queues a load of each model expected at or above the threshold that is not READY and
 * fits without evicting anything; it stays warm until the hour ends. Each model is loaded at most
 * once per hour.
 *
 * <p>Not thread-safe: the {@link Prewarmer} calls {@link #tick} from one tick at a time.
 */
final class PredictivePrewarm {
  private static final Logger logger = LoggerFactory.getLogger(PredictivePrewarm.class);
  private static final DateTimeFormatter DAY_AND_TIME =
      DateTimeFormatter.ofPattern("EEE HH:mm", Locale.ENGLISH);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

  private final UsageHistory history;
  private final PrewarmTarget target;
  private final LoadQueue queue;
  private final PrewarmListener listener;
  private final PrewarmSettings settings;

  /** The hour the sets below are about. */
  private @Nullable Instant window;

  /** Models queued (or given up on) for {@link #window}. */
  private final Set<String> handled = new HashSet<>();

  /** Models reported as not fitting for {@link #window}; retried, but reported once. */
  private final Set<String> toldNoRoom = new HashSet<>();

  PredictivePrewarm(
      UsageHistory history,
      PrewarmTarget target,
      LoadQueue queue,
      PrewarmListener listener,
      PrewarmSettings settings) {
    this.history = history;
    this.target = target;
    this.queue = queue;
    this.listener = listener;
    this.settings = settings;
  }

  void tick(TickTime now) {
    ZonedDateTime start =
        now.wall().atZone(history.zone()).truncatedTo(ChronoUnit.HOURS).plusHours(1);
    Instant startInstant = start.toInstant();
    if (!startInstant.equals(window)) {
      window = startInstant;
      handled.clear();
      toldNoRoom.clear();
    }
    boolean due = Duration.between(now.wall(), startInstant).compareTo(settings.lookahead()) <= 0;
    int hourOfWeek = history.hourOfWeek(startInstant);
    String hour = DAY_AND_TIME.format(start) + "-" + TIME.format(start.plusHours(1));
    long keepUntil = now.nanosAt(startInstant.plus(Duration.ofHours(1)));
    for (String model : history.models()) {
      UsageExpectation e = history.expectation(model, hourOfWeek, now.wall());
      listener.expected(model, e.requests());
      if (!due || e.requests() < settings.threshold() || handled.contains(model)) {
        continue;
      }
      String why =
          String.format(
              Locale.ROOT,
              "expected %.1f requests in %s (mean of %d week%s)",
              e.requests(),
              hour,
              e.weeks(),
              e.weeks() == 1 ? "" : "s");
      try {
        consider(model, why, keepUntil);
      } catch (RuntimeException ex) {
        handled.add(model);
        logger.warn(
            "predictive pre-warm: skipping '{}' ({}): {}",
            model,
            why,
            String.valueOf(ex.getMessage()));
      }
    }
  }

  private void consider(String model, String why, long keepUntil) {
    if (target.isReady(model)) {
      return;
    }
    if (!target.fitsWithoutEviction(model)) {
      if (toldNoRoom.add(model)) {
        logger.info(
            "predictive pre-warm: not loading '{}' ({}): it does not fit without evicting another"
                + " model",
            model,
            why);
      }
      return;
    }
    handled.add(model);
    logger.info("predictive pre-warm: loading '{}': {}", model, why);
    queue.submit(
        new PrewarmJob(
            model,
            PrewarmKind.PREDICTION,
            why,
            () -> !target.isReady(model) && target.fitsWithoutEviction(model),
            () -> target.keepWarm(model, keepUntil)));
  }
}
