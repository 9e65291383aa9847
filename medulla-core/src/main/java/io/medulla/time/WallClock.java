package io.medulla.time;

import java.time.Clock;
import java.time.Instant;

/** Reads the calendar time for timestamps people read (logs, summaries); never for durations. */
public final class WallClock {
  private final Clock clock;

  private WallClock(Clock clock) {
    this.clock = clock;
  }

  /** Returns the system's UTC wall clock. */
  public static WallClock system() {
    return new WallClock(Clock.systemUTC());
  }

  /** Returns a wall clock over the given {@link Clock}, for tests. */
  public static WallClock of(Clock clock) {
    return new WallClock(clock);
  }

  /** Returns the current instant. */
  public Instant now() {
    return clock.instant();
  }
}
