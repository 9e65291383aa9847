package io.medulla.protocol;

import java.time.Duration;

/** Renders a retry estimate as the whole seconds of HTTP's {@code Retry-After}. */
public final class RetryAfter {
  private RetryAfter() {}

  /**
   * Returns {@code delay} in whole seconds, rounded up and at least 1: a client told 0 would retry
   * at once, which is what the estimate is meant to prevent.
   */
  public static long seconds(Duration delay) {
    long seconds = delay.getSeconds() + (delay.getNano() > 0 ? 1 : 0);
    return Math.max(1, seconds);
  }
}
