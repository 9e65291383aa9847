package io.medulla.inference;

import java.time.Duration;

/**
 * The moment, on a monotonic ticker's nanosecond scale, after which a request's answer is no longer
 * wanted. Comparisons take the current ticker reading as an argument: this type never reads a
 * clock.
 */
public final class Deadline {
  private static final Deadline NONE = new Deadline(Long.MAX_VALUE, false);

  private final long expiresAtNanos;
  private final boolean isSet;

  private Deadline(long expiresAtNanos, boolean isSet) {
    this.expiresAtNanos = expiresAtNanos;
    this.isSet = isSet;
  }

  /** Returns the absence of a deadline. */
  public static Deadline none() {
    return NONE;
  }

  /** Returns a deadline {@code timeout} after the ticker reading {@code nowNanos}. */
  public static Deadline after(long nowNanos, Duration timeout) {
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout: " + timeout + " (expected: >= 0)");
    }
    long nanos = timeout.compareTo(Duration.ofDays(365)) > 0 ? Long.MAX_VALUE : timeout.toNanos();
    return new Deadline(nowNanos + nanos, true);
  }

  /** Returns whether there is a deadline at all. */
  public boolean isSet() {
    return isSet;
  }

  /** Returns whether the deadline has passed at the ticker reading {@code nowNanos}. */
  public boolean isExpired(long nowNanos) {
    return isSet && nowNanos - expiresAtNanos >= 0;
  }

  /** Returns the time left at {@code nowNanos}, or a very long time when there is no deadline. */
  public Duration remaining(long nowNanos) {
    if (!isSet) {
      return Duration.ofNanos(Long.MAX_VALUE);
    }
    return Duration.ofNanos(Math.max(0, expiresAtNanos - nowNanos));
  }

  /** Returns the ticker reading at which the deadline passes. */
  public long expiresAtNanos() {
    return expiresAtNanos;
  }

  @Override
  public String toString() {
    return isSet ? "Deadline{at=" + expiresAtNanos + "ns}" : "Deadline{none}";
  }
}
