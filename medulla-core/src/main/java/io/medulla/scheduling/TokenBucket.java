package io.medulla.scheduling;

/**
 * A requests-per-second limit on ticker time: holds up to one second's worth of tokens (at least
 * one) and refills continuously. Guarded by its scheduler's lock.
 */
final class TokenBucket {
  private static final double NANOS_PER_SECOND = 1e9;

  private final double perNano;
  private final double capacity;
  private double tokens;
  private long lastNanos;

  TokenBucket(double requestsPerSecond, long nowNanos) {
    this.perNano = requestsPerSecond / NANOS_PER_SECOND;
    this.capacity = Math.max(1, requestsPerSecond);
    this.tokens = capacity;
    this.lastNanos = nowNanos;
  }

  /** Returns the nanoseconds until a token is available, or 0 when none need be waited for. */
  long nanosUntilToken(long nowNanos) {
    refill(nowNanos);
    return tokens >= 1 ? 0 : Math.max(1, (long) Math.ceil((1 - tokens) / perNano));
  }

  /** Takes one token; call only after {@link #nanosUntilToken} returned 0. */
  void take() {
    tokens -= 1;
  }

  private void refill(long nowNanos) {
    long elapsed = nowNanos - lastNanos;
    if (elapsed > 0) {
      tokens = Math.min(capacity, tokens + elapsed * perNano);
      lastNanos = nowNanos;
    }
  }
}
