package io.medulla.tenancy;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.TenantId;
import java.util.Map;

/** Looks up the policy of each tenant. Implementations are immutable and thread-safe. */
@FunctionalInterface
public interface TenantPolicies {
  /** Returns the policy of {@code tenant}; never null (tenants not named get a fallback). */
  TenantPolicy policyFor(TenantId tenant);

  /** Returns policies that give every tenant {@link TenantPolicy#defaults}. */
  static TenantPolicies uniform() {
    return TenantPolicy::defaults;
  }

  /**
   * Returns the policies in {@code policies}, and {@code fallback} (under the asking tenant's id)
   * for tenants not in it.
   */
  static TenantPolicies of(Map<TenantId, TenantPolicy> policies, TenantPolicy fallback) {
    Map<TenantId, TenantPolicy> copy = Map.copyOf(policies);
    requireNonNull(fallback, "fallback");
    copy.forEach(
        (id, p) -> {
          if (!id.equals(p.tenant())) {
            throw new IllegalArgumentException(
                "policies: key " + id + " maps to the policy of " + p.tenant());
          }
        });
    return tenant -> {
      TenantPolicy p = copy.get(tenant);
      if (p != null) {
        return p;
      }
      return fallback.tenant().equals(tenant)
          ? fallback
          : new TenantPolicy(
              tenant,
              fallback.weight(),
              fallback.maxQueued(),
              fallback.maxInFlight(),
              fallback.requestsPerSecond());
    };
  }
}
