package io.medulla.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Which records an auditor asks for: those in {@code [from, to)} that match every filter given.
 *
 * @param tenant only this tenant's records, or {@code null} for all
 * @param principal only this principal's, or {@code null} for all
 * @param model only this model's or graph's, or {@code null} for all
 * @param from the earliest time, inclusive
 * @param to the latest time, exclusive
 */
public record AuditQuery(
    @Nullable String tenant,
    @Nullable String principal,
    @Nullable String model,
    Instant from,
    Instant to) {
  /** Creates a query; {@code from} must not be after {@code to}. */
  public AuditQuery {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("from " + from + " is after to " + to);
    }
  }

  /** Returns a query for one tenant's records in {@code [from, to)}. */
  public static AuditQuery tenant(String tenant, Instant from, Instant to) {
    return new AuditQuery(requireNonNull(tenant, "tenant"), null, null, from, to);
  }

  /** Returns whether {@code r} matches the query. */
  public boolean matches(AuditRecord r) {
    AuditEvent e = r.event();
    return (tenant == null || tenant.equals(e.tenant()))
        && (principal == null || principal.equals(e.principal()))
        && (model == null || model.equals(e.model()))
        && !r.time().isBefore(AuditTimes.truncate(from))
        && r.time().isBefore(AuditTimes.truncate(to));
  }
}
