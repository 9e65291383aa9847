package io.medulla.prewarm;

import java.time.Duration;
import java.time.Instant;

/**
 * One tick's reading of both clocks, to map wall-clock instants (cron times) to ticker readings
 * (keep-warm deadlines) by their difference from now.
 */
record TickTime(Instant wall, long nanos) {
  /** Returns the ticker reading at wall instant {@code t}, saturating far from now. */
  long nanosAt(Instant t) {
    try {
      return Math.addExact(nanos, Duration.between(wall, t).toNanos());
    } catch (ArithmeticException e) {
      return t.isAfter(wall) ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
  }
}
