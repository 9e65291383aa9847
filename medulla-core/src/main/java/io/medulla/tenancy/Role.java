package io.medulla.tenancy;

import java.util.Locale;
import java.util.Optional;

/**
 * What a principal may do. Roles are granted in the tenants file (or mapped from a token's claims)
 * and checked on every route except the health probes; nothing is allowed by default.
 */
public enum Role {
  /** Calls models and graphs, and reads the metadata of the ones its tenant may call. */
  INFERENCE,
  /** Loads and unloads models, reads configurations, the repository index and statistics. */
  OPERATOR,
  /** Reads and exports the audit trail. */
  AUDITOR,
  /** Manages API keys and tenants. */
  ADMIN,
  /**
   * A front end that serves several tenants (a vendor's portal): it names, per request, one of the
   * tenants it is declared to act for. The only way a caller chooses a tenant.
   */
  GATEWAY;

  /** Returns the role's name as written in files and tokens: {@code "inference"}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Returns the role a file or token names, case-insensitively. */
  public static Optional<Role> fromName(String name) {
    for (Role r : values()) {
      if (r.wireName().equals(name.toLowerCase(Locale.ROOT))) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
