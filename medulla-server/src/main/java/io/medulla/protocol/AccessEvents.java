package io.medulla.protocol;

import io.medulla.inference.StatusCode;
import io.medulla.tenancy.Caller;

/**
 * Hears what the authentication edge decides that the audit trail must keep: refused calls and
 * emergency-access sessions started. Called on the request's thread; implementations must not block
 * (queue the record and return), so that the edge never waits on them.
 */
public interface AccessEvents {
  /** Hears nothing. */
  AccessEvents NONE = new AccessEvents() {};

  /**
   * Hears a call refused at the edge.
   *
   * @param status {@link StatusCode#UNAUTHENTICATED}, {@link StatusCode#RESOURCE_EXHAUSTED} (too
   *     many failures) or {@link StatusCode#PERMISSION_DENIED}
   * @param principalHint the principal or key id the call claimed; empty when unknown; never a
   *     secret
   * @param tenant the tenant the call named or its principal belongs to; empty when unknown
   * @param clientAddress the client's address
   * @param reason why, as told to the caller
   */
  default void refused(
      StatusCode status,
      String principalHint,
      String tenant,
      String clientAddress,
      String reason) {}

  /** Hears that {@code caller} started an emergency-access session. */
  default void breakGlassStarted(Caller caller) {}
}
