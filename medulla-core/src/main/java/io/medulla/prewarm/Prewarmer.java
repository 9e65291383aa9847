package io.medulla.prewarm;

import static java.util.Objects.requireNonNull;

import io.medulla.time.Cancellable;
import io.medulla.time.Ticker;
import io.medulla.time.Timer;
import io.medulla.time.WallClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads models before they are needed: scheduled pre-warm (from a {@link PrewarmSchedule}; an empty
 * schedule turns it off) and predictive pre-warm (from a {@link UsageHistory}; none turns it off).
 * After {@link #start()} it ticks on the timer every {@link PrewarmSettings#tickInterval()}; loads
 * go one at a time through the {@link PrewarmTarget}, scheduled before predicted. Cron times are
 * read from the wall clock, and deadlines handed to the target are ticker readings, mapped by their
 * difference from the tick's "now". A failed load is logged (WARN, with the model) and told to the
 * listener; it stops nothing.
 *
 * <p>Thread-safe: ticks run one at a time on the timer, and {@link #close()} may be called from any
 * thread; a tick in progress finishes first.
 */
public final class Prewarmer implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(Prewarmer.class);

  private final Ticker ticker;
  private final Timer timer;
  private final WallClock wall;
  private final PrewarmSettings settings;
  private final @Nullable UsageHistory history;
  private final LoadQueue queue;
  private final List<ScheduledPrewarm> scheduled;
  private final @Nullable PredictivePrewarm predictive;

  private final Object lock = new Object();
  private boolean started;
  private boolean closed;
  private long nextTickNanos;
  private @Nullable Cancellable tickHandle;
  private @Nullable Cancellable persistHandle;

  /**
   * Creates a pre-warmer; nothing happens until {@link #start()}.
   *
   * @param schedule what scheduled pre-warm follows; empty turns it off
   * @param history what predictive pre-warm predicts from; null turns it off
   */
  public Prewarmer(
      PrewarmTarget target,
      PrewarmSchedule schedule,
      @Nullable UsageHistory history,
      Ticker ticker,
      Timer timer,
      WallClock wall,
      PrewarmSettings settings,
      PrewarmListener listener) {
    requireNonNull(target, "target");
    requireNonNull(schedule, "schedule");
    requireNonNull(listener, "listener");
    this.ticker = requireNonNull(ticker, "ticker");
    this.timer = requireNonNull(timer, "timer");
    this.wall = requireNonNull(wall, "wall");
    this.settings = requireNonNull(settings, "settings");
    this.history = history;
    this.queue = new LoadQueue(target, listener, ticker);
    this.scheduled =
        schedule.entries().stream()
            .map(e -> new ScheduledPrewarm(e, target, queue, settings))
            .toList();
    this.predictive =
        history == null ? null : new PredictivePrewarm(history, target, queue, listener, settings);
  }

  /** Returns whether scheduled pre-warm is on (the schedule has entries). */
  public boolean scheduledEnabled() {
    return !scheduled.isEmpty();
  }

  /** Returns whether predictive pre-warm is on (there is a usage history). */
  public boolean predictiveEnabled() {
    return predictive != null;
  }

  /**
   * Starts ticking: the first tick runs at once (on the timer), then one every tick interval, and
   * the history is saved every persist interval when a file is set.
   *
   * @throws IllegalStateException when started twice or after close
   */
  public void start() {
    synchronized (lock) {
      if (started || closed) {
        throw new IllegalStateException(closed ? "closed" : "already started");
      }
      started = true;
      if (!scheduledEnabled() && !predictiveEnabled()) {
        logger.info("pre-warm: scheduled and predictive pre-warm are both off");
        return;
      }
      nextTickNanos = ticker.nanos();
      tickHandle = timer.schedule(Duration.ZERO, this::runTick);
      if (history != null && settings.historyFile() != null) {
        persistHandle = timer.schedule(settings.persistInterval(), this::runPersist);
      }
    }
  }

  private void runTick() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      try {
        tick(new TickTime(wall.now(), ticker.nanos()));
      } catch (RuntimeException e) {
        logger.warn("pre-warm tick failed; trying again next tick", e);
      }
      nextTickNanos += settings.tickInterval().toNanos();
      long delay = Math.max(0, nextTickNanos - ticker.nanos());
      tickHandle = timer.schedule(Duration.ofNanos(delay), this::runTick);
    }
  }

  private void tick(TickTime now) {
    for (ScheduledPrewarm s : scheduled) {
      try {
        s.tick(now);
      } catch (RuntimeException e) {
        logger.warn("scheduled pre-warm failed this tick", e);
      }
    }
    if (predictive != null) {
      predictive.tick(now);
    }
  }

  private void runPersist() {
    synchronized (lock) {
      if (closed) {
        return;
      }
    }
    save();
    synchronized (lock) {
      if (!closed) {
        persistHandle = timer.schedule(settings.persistInterval(), this::runPersist);
      }
    }
  }

  private void save() {
    @Nullable Path file = settings.historyFile();
    if (history == null || file == null) {
      return;
    }
    try {
      history.save(file);
    } catch (IOException | RuntimeException e) {
      logger.warn("pre-warm: could not save the usage history to {}: {}", file, e.toString());
    }
  }

  /** Stops ticking, drops loads not yet started, and saves the usage history. Idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      if (tickHandle != null) {
        tickHandle.cancel();
      }
      if (persistHandle != null) {
        persistHandle.cancel();
      }
    }
    queue.close();
    save();
  }
}
