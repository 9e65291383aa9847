package io.medulla.tenancy;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * The verified identity of one request: who asks, for which tenant, and whether an emergency-access
 * session covers it. Built once at the protocol edge, after authentication; everything downstream
 * (authorisation, scheduling, audit) uses it and nothing the caller says afterwards can change it.
 *
 * @param principal who asks
 * @param tenant the tenant the request is for: the principal's own, or one a gateway may act for
 * @param breakGlass the emergency-access session covering the request, or {@code null}
 * @param clientAddress the peer's address as the server saw it, for logs and audit
 */
public record Caller(
    Principal principal, TenantId tenant, @Nullable BreakGlass breakGlass, String clientAddress) {
  /** Creates a caller; the principal must be allowed to act for the tenant. */
  public Caller {
    requireNonNull(principal, "principal");
    requireNonNull(tenant, "tenant");
    requireNonNull(clientAddress, "clientAddress");
    if (!principal.mayActFor(tenant)) {
      throw new IllegalArgumentException(
          "principal '" + principal.id() + "' may not act for tenant '" + tenant + "'");
    }
  }

  /** Returns whether an emergency-access session covers this request. */
  public boolean isBreakGlass() {
    return breakGlass != null;
  }
}
