package io.medulla.server;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.TenantId;
import io.medulla.tenancy.TenantPolicies;
import io.medulla.tenancy.TenantPolicy;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The tenants file ({@code --tenants}): each named tenant's fair-share weight and limits, and the
 * policy of every tenant it does not name. docs/TENANTS.md describes the format.
 *
 * <p>A tenant the file does not name (the {@code default} tenant, or one named by the test-only
 * tenant header) is accepted and gets the {@code defaults} policy under its own id.
 *
 * @param path the file it was read from, or {@code null} when the server runs without one
 * @param tenants the named tenants' policies
 * @param defaults the policy of every tenant not in {@code tenants}
 */
public record TenantsFile(
    @Nullable Path path, Map<TenantId, TenantPolicy> tenants, TenantPolicy defaults) {
  /** Creates a tenants configuration; every key must map to that tenant's own policy. */
  public TenantsFile {
    tenants = Map.copyOf(tenants);
    requireNonNull(defaults, "defaults");
    tenants.forEach(
        (id, p) -> {
          if (!id.equals(p.tenant())) {
            throw new IllegalArgumentException(
                "tenants: " + id + " maps to the policy of " + p.tenant());
          }
        });
  }

  /** Returns the configuration without a file: every tenant has weight 1 and no limits. */
  public static TenantsFile none() {
    return new TenantsFile(null, Map.of(), TenantPolicy.defaults(TenantId.DEFAULT));
  }

  /**
   * Reads and validates a tenants file.
   *
   * @throws IllegalArgumentException if the file cannot be read, is not valid YAML, has an unknown
   *     key or a bad value; the message names the file, the tenant and the field
   */
  public static TenantsFile load(Path path) {
    return TenantsFileParser.parse(requireNonNull(path, "path"));
  }

  /** Returns the lookup the schedulers use. */
  public TenantPolicies policies() {
    return TenantPolicies.of(tenants, defaults);
  }

  /** Returns whether the server was given a tenants file. */
  public boolean isConfigured() {
    return path != null;
  }
}
