package io.medulla.protocol;

import java.util.regex.Pattern;

/**
 * The {@value #NAME} header (REST) or metadata key (gRPC) with which a gateway principal names the
 * tenant it acts for in one request. Only gateways may name a tenant other than their own; see
 * {@link CallerAuthentication}.
 */
public final class TenantHeader {
  /** The header and gRPC metadata key that names the tenant. */
  public static final String NAME = "x-medulla-tenant";

  private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private TenantHeader() {}

  /**
   * Returns whether {@code id} is a well-formed tenant id: 1 to 64 letters, digits, dots,
   * underscores and hyphens. Tenant ids end up in metrics labels, logs and file names, so nothing
   * else is accepted wherever one comes from.
   */
  public static boolean isWellFormed(String id) {
    return WELL_FORMED.matcher(id).matches();
  }
}
