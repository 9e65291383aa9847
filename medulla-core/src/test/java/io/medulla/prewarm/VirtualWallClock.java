package io.medulla.prewarm;

import io.medulla.time.VirtualClock;
import io.medulla.time.WallClock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A {@link Clock} that reads a {@link VirtualClock}: {@code origin} plus its nanoseconds. */
final class VirtualWallClock extends Clock {
  private final VirtualClock clock;
  private final Instant origin;

  VirtualWallClock(VirtualClock clock, Instant origin) {
    this.clock = clock;
    this.origin = origin;
  }

  static WallClock over(VirtualClock clock, Instant origin) {
    return WallClock.of(new VirtualWallClock(clock, origin));
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
    throw new UnsupportedOperationException("a virtual wall clock is UTC");
  }
}
