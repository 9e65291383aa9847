package io.medulla.security;

import static java.util.Objects.requireNonNull;

import io.medulla.time.Ticker;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Limits failed authentications, per client address and per principal hint (a key id, a token's
 * subject): each has a bucket of {@code burst} failures that refills one every {@code refill}. A
 * key whose bucket is empty gets no further attempt (the caller answers 429 with {@code
 * Retry-After: }{@link #retryAfterSeconds}) until it refills. Successes cost nothing.
 *
 * <p>Memory is bounded: each kind keeps at most {@code maxKeys} buckets and forgets the least
 * recently used beyond that (a forgotten bucket is full again). Thread-safe.
 */
public final class AuthFailureLimiter {
  /** Failures allowed in a burst unless set: {@value}. */
  public static final int DEFAULT_BURST = 10;

  /** Time for one failure to be forgiven unless set: 6 seconds. */
  public static final Duration DEFAULT_REFILL = Duration.ofSeconds(6);

  /** Buckets kept per kind unless set: {@value}. */
  public static final int DEFAULT_MAX_KEYS = 10_000;

  private final Ticker ticker;
  private final long refillNanos;
  private final long burstNanos;
  private final Buckets byAddress;
  private final Buckets byPrincipal;

  /**
   * Creates a limiter.
   *
   * @param ticker reads the time buckets refill by
   * @param burst failures allowed before attempts are refused; at least 1
   * @param refill time for one failure to be forgiven; positive
   * @param maxKeys buckets kept per kind (addresses, principals); at least 1
   */
  public AuthFailureLimiter(Ticker ticker, int burst, Duration refill, int maxKeys) {
    this.ticker = requireNonNull(ticker, "ticker");
    if (burst < 1) {
      throw new IllegalArgumentException("burst: " + burst + " (expected: >= 1)");
    }
    if (refill.isNegative() || refill.isZero()) {
      throw new IllegalArgumentException("refill: " + refill + " (expected: > 0)");
    }
    if (maxKeys < 1) {
      throw new IllegalArgumentException("maxKeys: " + maxKeys + " (expected: >= 1)");
    }
    this.refillNanos = refill.toNanos();
    this.burstNanos = Math.multiplyExact(refillNanos, (long) burst);
    this.byAddress = new Buckets(maxKeys);
    this.byPrincipal = new Buckets(maxKeys);
  }

  /** Returns a limiter with the defaults: 10 failures, one forgiven every 6 seconds. */
  public static AuthFailureLimiter withDefaults(Ticker ticker) {
    return new AuthFailureLimiter(ticker, DEFAULT_BURST, DEFAULT_REFILL, DEFAULT_MAX_KEYS);
  }

  /**
   * Returns whether an attempt from {@code clientAddress} for {@code principalHint} may go ahead
   * ({@code ""}: no hint, the address alone decides).
   */
  public boolean allowAttempt(String clientAddress, String principalHint) {
    return retryAfterNanos(clientAddress, principalHint) == 0;
  }

  /** Notes one failed attempt, after an authenticator rejected the credentials. */
  public void recordFailure(String clientAddress, String principalHint) {
    long now = ticker.nanos();
    byAddress.spend(requireNonNull(clientAddress, "clientAddress"), now);
    if (!principalHint.isEmpty()) {
      byPrincipal.spend(principalHint, now);
    }
  }

  /**
   * Returns the whole seconds until an attempt may go ahead: 0 if it may now, else at least 1; for
   * a {@code Retry-After} header.
   */
  public long retryAfterSeconds(String clientAddress, String principalHint) {
    long nanos = retryAfterNanos(clientAddress, principalHint);
    long seconds = Duration.ofNanos(nanos).toSeconds();
    return Duration.ofSeconds(seconds).toNanos() < nanos ? seconds + 1 : seconds;
  }

  private long retryAfterNanos(String clientAddress, String principalHint) {
    long now = ticker.nanos();
    long wait = byAddress.wait(requireNonNull(clientAddress, "clientAddress"), now);
    if (!principalHint.isEmpty()) {
      wait = Math.max(wait, byPrincipal.wait(principalHint, now));
    }
    return wait;
  }

  /**
   * Buckets as "debt" deadlines (the generic cell rate algorithm): each key maps to the time its
   * bucket is full again. A failure pushes that time one refill later; an attempt must wait while
   * it lies more than {@code burst - 1} refills ahead.
   */
  private final class Buckets {
    private final Map<String, Long> fullAt;

    Buckets(int maxKeys) {
      this.fullAt =
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
              return size() > maxKeys;
            }
          };
    }

    synchronized void spend(String key, long now) {
      Long at = fullAt.get(key);
      long from = at == null ? now : Math.max(at, now);
      // Failures beyond the burst (racing attempts) do not lengthen the wait further.
      fullAt.put(key, Math.min(from + refillNanos, now + burstNanos));
    }

    synchronized long wait(String key, long now) {
      Long at = fullAt.get(key);
      if (at == null) {
        return 0;
      }
      if (at - now <= 0) {
        fullAt.remove(key); // full again: forget it
        return 0;
      }
      return Math.max(0, at - now - (burstNanos - refillNanos));
    }
  }
}
