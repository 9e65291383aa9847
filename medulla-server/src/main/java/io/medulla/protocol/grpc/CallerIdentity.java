package io.medulla.protocol.grpc;

import io.medulla.inference.RequestContext;
import io.medulla.inference.TenantId;
import io.medulla.protocol.TenantHeader;

/**
 * Who makes a gRPC call and for which tenant. Until authentication exists every call is the
 * anonymous principal of the default tenant, or, when the server trusts it, of the tenant in the
 * call's {@code x-medulla-tenant} metadata (a test-only hook; the security issue replaces it). This
 * is the one place that decides it, so that authentication replaces this class and nothing else.
 *
 * @param tenant the tenant the call is made for
 * @param principal who made the call
 */
record CallerIdentity(TenantId tenant, String principal) {
  private static final CallerIdentity ANONYMOUS =
      new CallerIdentity(TenantId.DEFAULT, RequestContext.ANONYMOUS);

  /**
   * Returns the identity of the call being handled on this thread.
   *
   * @param trustTenantHeader whether {@code x-medulla-tenant} sets the tenant (test-only hook)
   * @throws io.medulla.inference.InvalidInputException if the trusted metadata value is not a
   *     well-formed tenant id
   */
  static CallerIdentity current(boolean trustTenantHeader) {
    if (!trustTenantHeader) {
      return ANONYMOUS;
    }
    TenantId tenant = TenantHeader.tenant(true, TenantMetadataInterceptor.current());
    return tenant.equals(TenantId.DEFAULT)
        ? ANONYMOUS
        : new CallerIdentity(tenant, RequestContext.ANONYMOUS);
  }
}
