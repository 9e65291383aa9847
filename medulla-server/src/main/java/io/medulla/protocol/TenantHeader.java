package io.medulla.protocol;

import io.medulla.inference.InvalidInputException;
import io.medulla.inference.TenantId;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads the tenant a request names in the {@value #NAME} header (REST) or metadata key (gRPC).
 *
 * <p><b>Test-only hook; the security issue replaces it.</b> Until authentication exists, tests and
 * benchmarks need a way to send requests as different tenants. A server started with {@code
 * --trust-tenant-header} believes whatever this header says, so it must never face untrusted
 * callers; without the flag the header is ignored.
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

  /**
   * Returns the tenant a request is made for.
   *
   * @param trusted whether the server was started with {@code --trust-tenant-header}; when false
   *     the header is ignored
   * @param value the header's value, or {@code null} when absent
   * @throws InvalidInputException if the header is trusted, present and not a well-formed id
   */
  public static TenantId tenant(boolean trusted, @Nullable String value) {
    if (!trusted || value == null) {
      return TenantId.DEFAULT;
    }
    if (!isWellFormed(value)) {
      // The value is the caller's own and may be long or odd: say what was expected, not echo it.
      throw new InvalidInputException(
          NAME + ": not a tenant id (expected: 1 to 64 letters, digits, '.', '_' or '-')");
    }
    return new TenantId(value);
  }
}
