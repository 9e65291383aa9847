package io.medulla.bench;

import static java.util.Objects.requireNonNull;

import io.medulla.time.VirtualClock;
import io.medulla.time.WallClock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A calendar over a {@link VirtualClock}: it reads {@code origin} plus the clock's nanoseconds, so
 * that cron times come and go as the simulation advances the clock, and never otherwise.
 * Thread-safe as the clock is.
 */
final class VirtualCalendar extends Clock {
  private final VirtualClock clock;
  private final Instant origin;

  private VirtualCalendar(VirtualClock clock, Instant origin) {
    this.clock = requireNonNull(clock, "clock");
    this.origin = requireNonNull(origin, "origin");
  }

  /** Returns a wall clock that reads {@code origin} when {@code clock} reads 0. */
  static WallClock over(VirtualClock clock, Instant origin) {
    return WallClock.of(new VirtualCalendar(clock, origin));
  }

  @Override
  public Instant instant() {
    return origin.plusNanos(clock.nanos());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a virtual calendar reads UTC");
  }
}
