package io.medulla.tenancy;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.TenantId;
import java.util.Optional;
import java.util.Set;

/**
 * What a tenant's requests may use: which models and graphs, how urgently, and whether only
 * approved model versions. Roles say what a principal may do; entitlements say on what, for its
 * tenant. From the tenants file; immutable.
 *
 * @param tenant the tenant they are for
 * @param models the names of the models and graphs it may call; empty means all of them (a present
 *     empty set means none)
 * @param highestPriorityLevel the most urgent priority level it may ask for: levels are 1 (STAT,
 *     served first) to N, and it may use this level and every larger (less urgent) one; {@code >=
 *     1}
 * @param approvedOnly whether its requests may reach only the versions a model's configuration
 *     approves ({@code medulla.approved_versions})
 */
public record Entitlements(
    TenantId tenant, Optional<Set<String>> models, int highestPriorityLevel, boolean approvedOnly) {
  /** Creates entitlements; validates and copies. */
  public Entitlements {
    requireNonNull(tenant, "tenant");
    requireNonNull(models, "models");
    models = models.map(Set::copyOf);
    if (highestPriorityLevel < 1) {
      throw new IllegalArgumentException(
          "highestPriorityLevel: " + highestPriorityLevel + " (expected: >= 1)");
    }
  }

  /** Returns the entitlements of a tenant with no restriction: every model, every level. */
  public static Entitlements unrestricted(TenantId tenant) {
    return new Entitlements(tenant, Optional.empty(), 1, false);
  }

  /** Returns whether it may call {@code model}. */
  public boolean mayCall(String model) {
    return models.isEmpty() || models.get().contains(model);
  }

  /** Returns whether it may ask for priority {@code level} (1 = most urgent). */
  public boolean mayUse(int level) {
    return level >= highestPriorityLevel;
  }

  /** Returns the same entitlements for another tenant (the defaults, under the asker's id). */
  public Entitlements forTenant(TenantId other) {
    return new Entitlements(other, models, highestPriorityLevel, approvedOnly);
  }

  /**
   * Returns the entitlements widened by a break-glass session: every model and every level. The
   * approved-versions rule stays: an unapproved version is a patient-safety control, not an access
   * boundary, and an emergency is when it matters most.
   */
  public Entitlements widenedForBreakGlass() {
    return new Entitlements(tenant, Optional.empty(), 1, approvedOnly);
  }
}
