package io.medulla.time;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

/** Reads the calendar time for timestamps people read (logs, summaries); never for durations. */
public final class WallClock {
  private final Supplier<Instant> now;

  private WallClock(Supplier<Instant> now) {
    this.now = now;
  }

  /** Returns the system's UTC wall clock. */
  public static WallClock system() {
    return of(Clock.systemUTC());
  }

  /** Returns a wall clock over the given {@link Clock}, for tests. */
  public static WallClock of(Clock clock) {
    return new WallClock(clock::instant);
  }

  /**
   * Returns a wall clock that reads {@code origin} when {@code ticker} reads 0 and advances with
   * it, so that on a {@link VirtualClock} calendar times (cron schedules, hours of the week) come
   * as a simulation advances the clock, and never otherwise.
   */
  public static WallClock over(Ticker ticker, Instant origin) {
    return new WallClock(() -> origin.plusNanos(ticker.nanos()));
  }

  /** Returns the current instant. */
  public Instant now() {
    return now.get();
  }
}
