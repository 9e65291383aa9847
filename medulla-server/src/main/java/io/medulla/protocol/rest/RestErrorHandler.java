package io.medulla.protocol.rest;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServiceErrorHandler;
import com.linecorp.armeria.server.ServiceRequestContext;
import org.jspecify.annotations.Nullable;

/**
 * Renders the failures Armeria raises around the v2 routes (a body over {@code maxRequestBytes}, a
 * request timeout) as protocol error bodies instead of Armeria's plain-text pages.
 */
final class RestErrorHandler implements ServiceErrorHandler {
  private final long maxRequestBytes;

  RestErrorHandler(long maxRequestBytes) {
    this.maxRequestBytes = maxRequestBytes;
  }

  @Override
  public HttpResponse onServiceException(ServiceRequestContext ctx, Throwable cause) {
    return RestErrors.of(ctx, cause, maxRequestBytes);
  }

  @Override
  public @Nullable AggregatedHttpResponse renderStatus(
      ServiceRequestContext ctx,
      RequestHeaders headers,
      HttpStatus status,
      @Nullable String description,
      @Nullable Throwable cause) {
    if (status == HttpStatus.REQUEST_ENTITY_TOO_LARGE) {
      return RestErrors.aggregated(
          status,
          "request body is larger than " + maxRequestBytes + " bytes (limit: maxRequestBytes)");
    }
    return RestErrors.aggregated(status, description != null ? description : status.reasonPhrase());
  }
}
