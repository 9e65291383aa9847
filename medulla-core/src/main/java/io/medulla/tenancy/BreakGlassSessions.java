package io.medulla.tenancy;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.PermissionDeniedException;
import io.medulla.inference.TenantId;
import io.medulla.time.WallClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The emergency-access sessions in force, one per principal and tenant. A principal provisioned for
 * break-glass (the tenants file's {@code break_glass: true}) invokes a session with a reason; until
 * it expires, the requests it makes are flagged and its tenant's entitlements are widened (see
 * {@link AccessPolicy}). Sessions live in memory only, so they need no identity provider or store
 * to work, and a restart ends them all.
 *
 * <p>Thread-safe; holds no lock while calling out (it calls nothing but the clock). Invoking again
 * while a session is active replaces it with a new one starting now: each invocation states its own
 * reason and is audited on its own.
 */
public final class BreakGlassSessions {
  /** The longest session when none is configured. */
  public static final Duration DEFAULT_MAX = Duration.ofMinutes(60);

  private record Key(String principal, TenantId tenant) {
    static Key of(Principal p) {
      return new Key(p.id(), p.tenant());
    }
  }

  private final WallClock clock;
  private final Duration max;
  private final Map<Key, BreakGlass> sessions = new ConcurrentHashMap<>();

  /**
   * Creates an empty set of sessions.
   *
   * @param clock stamps the start and expiry of sessions
   * @param max the longest a session may last; longer requests are cut to it; positive
   */
  public BreakGlassSessions(WallClock clock, Duration max) {
    this.clock = requireNonNull(clock, "clock");
    requireNonNull(max, "max");
    if (max.isNegative() || max.isZero()) {
      throw new IllegalArgumentException("max: " + max + " (expected: > 0)");
    }
    this.max = max;
  }

  /** Returns the longest a session may last. */
  public Duration max() {
    return max;
  }

  /**
   * Starts a session for {@code principal} and returns it.
   *
   * @param reason why, in the principal's words: 1 to {@value BreakGlass#MAX_REASON_LENGTH}
   *     characters
   * @param requested how long it should last; cut to {@link #max()}; positive
   * @throws PermissionDeniedException if the principal is not provisioned for break-glass access
   * @throws IllegalArgumentException if the reason or duration is out of range
   */
  public BreakGlass invoke(Principal principal, String reason, Duration requested) {
    requireNonNull(principal, "principal");
    requireNonNull(reason, "reason");
    requireNonNull(requested, "requested");
    if (!principal.breakGlass()) {
      throw new PermissionDeniedException(
          "permission denied: this principal is not provisioned for break-glass access");
    }
    if (requested.isNegative() || requested.isZero()) {
      throw new IllegalArgumentException("break-glass duration: " + requested + " (expected: > 0)");
    }
    Instant now = clock.now();
    Duration length = requested.compareTo(max) > 0 ? max : requested;
    BreakGlass session = new BreakGlass(reason, now, now.plus(length));
    sessions.values().removeIf(s -> !s.isActive(now));
    sessions.put(Key.of(principal), session);
    return session;
  }

  /** Returns the session covering {@code principal} now, if any; an expired one is forgotten. */
  public Optional<BreakGlass> active(Principal principal) {
    Instant now = clock.now();
    return Optional.ofNullable(
        sessions.computeIfPresent(Key.of(principal), (k, s) -> s.isActive(now) ? s : null));
  }

  /** Ends {@code principal}'s session early; returns whether one was active. */
  public boolean end(Principal principal) {
    Instant now = clock.now();
    @Nullable BreakGlass removed = sessions.remove(Key.of(principal));
    return removed != null && removed.isActive(now);
  }
}
