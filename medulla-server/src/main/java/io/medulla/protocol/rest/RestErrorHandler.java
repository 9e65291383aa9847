package io.medulla.protocol.rest;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;
import org.jspecify.annotations.Nullable;

/**
 * Renders the failures Armeria raises around the {@code /v2} routes (a body over the route's limit,
 * a request timeout, a wrong method) as protocol error bodies instead of Armeria's plain-text
 * pages; other paths fall through to the next handler.
 *
 * <p>It is a server-level handler because Armeria 1.36 drops {@code renderStatus} when it composes
 * route-level handlers ({@code ServiceErrorHandler.orElse} keeps only {@code onServiceException}),
 * which fails the 413 of a body that outgrows the limit while streaming.
 */
final class RestErrorHandler implements ServerErrorHandler {
  private static final String PREFIX = "/v2";

  @Override
  public @Nullable HttpResponse onServiceException(ServiceRequestContext ctx, Throwable cause) {
    if (!isProtocolPath(ctx.path())) {
      return null;
    }
    return RestErrors.of(ctx, cause, ctx.config().maxRequestLength());
  }

  @Override
  public @Nullable AggregatedHttpResponse renderStatus(
      @Nullable ServiceRequestContext ctx,
      ServiceConfig config,
      @Nullable RequestHeaders headers,
      HttpStatus status,
      @Nullable String description,
      @Nullable Throwable cause) {
    String path = ctx != null ? ctx.path() : headers != null ? headers.path() : "";
    if (!isProtocolPath(path)) {
      return null;
    }
    if (status.code() == HttpStatus.REQUEST_ENTITY_TOO_LARGE.code()) {
      return RestErrors.aggregated(status, RestErrors.tooLargeMessage(config.maxRequestLength()));
    }
    return RestErrors.aggregated(status, description != null ? description : status.reasonPhrase());
  }

  private static boolean isProtocolPath(String path) {
    return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
  }
}
