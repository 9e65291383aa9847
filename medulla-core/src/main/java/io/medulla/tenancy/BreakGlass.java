package io.medulla.tenancy;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * An emergency-access session: a provisioned principal stated a reason and, until {@code expires},
 * its tenant's entitlements are widened. Every request the session covers is flagged.
 *
 * @param reason why, in the principal's words; never patient data by policy, bounded in length
 * @param started when it was invoked
 * @param expires when the widening ends
 */
public record BreakGlass(String reason, Instant started, Instant expires) {
  /** The longest reason kept: enough for a sentence, too short for a document. */
  public static final int MAX_REASON_LENGTH = 200;

  /** Creates a session; validates every field. */
  public BreakGlass {
    requireNonNull(reason, "reason");
    if (reason.isBlank() || reason.length() > MAX_REASON_LENGTH) {
      throw new IllegalArgumentException(
          "break-glass reason: expected 1 to " + MAX_REASON_LENGTH + " characters");
    }
    requireNonNull(started, "started");
    requireNonNull(expires, "expires");
    if (!expires.isAfter(started)) {
      throw new IllegalArgumentException("break-glass: expires must be after started");
    }
  }

  /** Returns whether the session covers {@code now}. */
  public boolean isActive(Instant now) {
    return !now.isBefore(started) && now.isBefore(expires);
  }
}
