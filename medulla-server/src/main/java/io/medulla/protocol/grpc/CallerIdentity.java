package io.medulla.protocol.grpc;

import io.medulla.inference.RequestContext;
import io.medulla.inference.TenantId;

/**
 * Who makes a gRPC call and for which tenant. Until authentication exists every call is the
 * anonymous principal of the default tenant; this is the one place that decides it, so that
 * authentication replaces this class and nothing else.
 *
 * @param tenant the tenant the call is made for
 * @param principal who made the call
 */
record CallerIdentity(TenantId tenant, String principal) {
  private static final CallerIdentity ANONYMOUS =
      new CallerIdentity(TenantId.DEFAULT, RequestContext.ANONYMOUS);

  /** Returns the identity of the call being handled on this thread. */
  static CallerIdentity current() {
    return ANONYMOUS;
  }
}
