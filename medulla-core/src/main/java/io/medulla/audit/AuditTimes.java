package io.medulla.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Converts record times to and from microseconds since the epoch: the precision audit records keep,
 * and what stores hold, so that a stored record hashes the same as the one that was written.
 */
public final class AuditTimes {
  private AuditTimes() {}

  /** Returns the microseconds since the epoch of {@code t}, truncating finer precision. */
  public static long toMicros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }

  /** Returns the instant {@code micros} microseconds after the epoch. */
  public static Instant fromMicros(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }

  /** Returns {@code t} truncated to microseconds. */
  public static Instant truncate(Instant t) {
    return fromMicros(toMicros(t));
  }
}
