package io.medulla.protocol.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.medulla.protocol.TenantHeader;
import org.jspecify.annotations.Nullable;

/**
 * Carries the {@code x-medulla-tenant} metadata of a call into the gRPC {@link Context} of its
 * handlers, where {@link CallerIdentity#current} reads it.
 *
 * <p>Test-only hook; the security issue replaces it. It is installed only when the server trusts
 * the tenant header; validation happens when the request context is built, so that a malformed
 * value fails the inference request with INVALID_ARGUMENT naming the key.
 */
final class TenantMetadataInterceptor implements ServerInterceptor {
  private static final Metadata.Key<String> KEY =
      Metadata.Key.of(TenantHeader.NAME, Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<String> VALUE = Context.key(TenantHeader.NAME);

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    @Nullable String value = headers.get(KEY);
    if (value == null) {
      return next.startCall(call, headers);
    }
    return Contexts.interceptCall(Context.current().withValue(VALUE, value), call, headers, next);
  }

  /** Returns the raw metadata value of the call being handled on this thread, if any. */
  static @Nullable String current() {
    return VALUE.get();
  }
}
