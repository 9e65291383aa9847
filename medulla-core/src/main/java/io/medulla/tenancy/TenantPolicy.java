package io.medulla.tenancy;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.TenantId;

/**
 * A tenant's share of a model and its limits, from the tenants file.
 *
 * @param tenant the tenant the policy is for
 * @param weight its share of a model within a priority class, relative to other tenants; {@code >=
 *     1}
 * @param maxQueued the most requests it may have waiting per model; 0 means unlimited
 * @param maxInFlight the most requests it may have queued or executing per model; 0 means unlimited
 * @param requestsPerSecond the sustained rate it may submit per model (a token bucket with a burst
 *     of one second's worth); 0 means unlimited
 */
public record TenantPolicy(
    TenantId tenant, int weight, int maxQueued, int maxInFlight, double requestsPerSecond) {
  /** Creates a policy; validates every field. */
  public TenantPolicy {
    requireNonNull(tenant, "tenant");
    if (weight < 1) {
      throw new IllegalArgumentException("weight: " + weight + " (expected: >= 1)");
    }
    if (maxQueued < 0) {
      throw new IllegalArgumentException("maxQueued: " + maxQueued + " (expected: >= 0)");
    }
    if (maxInFlight < 0) {
      throw new IllegalArgumentException("maxInFlight: " + maxInFlight + " (expected: >= 0)");
    }
    if (!(requestsPerSecond >= 0) || Double.isInfinite(requestsPerSecond)) {
      throw new IllegalArgumentException(
          "requestsPerSecond: " + requestsPerSecond + " (expected: a finite number >= 0)");
    }
  }

  /** Returns the policy of a tenant the tenants file does not name: weight 1, no limits. */
  public static TenantPolicy defaults(TenantId tenant) {
    return new TenantPolicy(tenant, 1, 0, 0, 0);
  }

  /** Returns whether the tenant has a rate limit. */
  public boolean hasRateLimit() {
    return requestsPerSecond > 0;
  }
}
