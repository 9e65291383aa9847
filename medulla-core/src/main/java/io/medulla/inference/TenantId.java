package io.medulla.inference;

import static java.util.Objects.requireNonNull;

/**
 * Names the organisation a request is made for. It lives in the shared vocabulary, not in {@code
 * tenancy}, because every request carries one from the protocol edge to the scheduler.
 *
 * @param value the tenant's identifier
 */
public record TenantId(String value) {
  /** The tenant of requests made before authentication exists, or by unauthenticated trials. */
  public static final TenantId DEFAULT = new TenantId("default");

  /** Creates an id; the value must be non-empty. */
  public TenantId {
    requireNonNull(value, "value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("tenant id: empty (expected: a non-empty name)");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
