package io.medulla.tenancy;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.TenantId;
import java.util.Set;

/**
 * An authenticated caller: a person, a system or a gateway, belonging to exactly one tenant.
 *
 * @param id the principal's name, as declared in the tenants file or taken from a token's subject;
 *     it appears in logs and audit records, so it never holds patient data
 * @param tenant the tenant it belongs to, and acts for unless it is a gateway naming another
 * @param roles what it may do
 * @param actsFor the other tenants a {@link Role#GATEWAY gateway} may name per request; empty for
 *     everyone else
 * @param breakGlass whether it is provisioned for emergency access
 * @param method how it proved who it is
 */
public record Principal(
    String id,
    TenantId tenant,
    Set<Role> roles,
    Set<TenantId> actsFor,
    boolean breakGlass,
    AuthMethod method) {
  /** Creates a principal; validates every field. */
  public Principal {
    requireNonNull(id, "id");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("principal id: empty");
    }
    requireNonNull(tenant, "tenant");
    roles = Set.copyOf(roles);
    actsFor = Set.copyOf(actsFor);
    requireNonNull(method, "method");
    if (!actsFor.isEmpty() && !roles.contains(Role.GATEWAY)) {
      throw new IllegalArgumentException(
          "principal '" + id + "': acts_for is only for principals with the gateway role");
    }
  }

  /** Returns whether it holds {@code role}. */
  public boolean has(Role role) {
    return roles.contains(role);
  }

  /** Returns whether it may act for {@code other}: its own tenant, or one a gateway declares. */
  public boolean mayActFor(TenantId other) {
    return tenant.equals(other) || (has(Role.GATEWAY) && actsFor.contains(other));
  }

  /** Returns the same principal as proved by another method. */
  public Principal withMethod(AuthMethod other) {
    return new Principal(id, tenant, roles, actsFor, breakGlass, other);
  }
}
