package io.medulla.simulation;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What one tenant sends.
 *
 * @param tenant the tenant's id, as requests carry it (non-empty)
 * @param streams its request streams, at least one
 */
public record TenantWorkload(String tenant, List<RequestStream> streams) {
  /** Creates a tenant's workload; validates and copies. */
  public TenantWorkload {
    requireNonNull(tenant, "tenant");
    if (tenant.isEmpty()) {
      throw new IllegalArgumentException("tenant: empty (expected: a tenant id)");
    }
    streams = List.copyOf(streams);
    if (streams.isEmpty()) {
      throw new IllegalArgumentException(tenant + ": streams: none (expected: at least one)");
    }
  }

  /** Returns a tenant's workload of the given streams. */
  public static TenantWorkload of(String tenant, RequestStream... streams) {
    return new TenantWorkload(tenant, List.of(streams));
  }
}
