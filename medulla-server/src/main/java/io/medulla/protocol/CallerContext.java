package io.medulla.protocol;

import com.linecorp.armeria.server.ServiceRequestContext;
import io.medulla.tenancy.Caller;
import io.netty.util.AttributeKey;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where the verified {@link Caller} of a request lives between the authentication decorator and the
 * handlers of either protocol: an attribute of Armeria's request context, so that nothing a handler
 * decodes from the request can replace it.
 */
public final class CallerContext {
  private static final AttributeKey<Caller> CALLER =
      AttributeKey.valueOf(CallerContext.class, "caller");

  private CallerContext() {}

  static void set(ServiceRequestContext ctx, Caller caller) {
    ctx.setAttr(CALLER, caller);
  }

  /** Returns the caller of {@code ctx}, if the request was authenticated. */
  public static Optional<Caller> of(ServiceRequestContext ctx) {
    return Optional.ofNullable(ctx.attr(CALLER));
  }

  /**
   * Returns the caller of the request being handled on this thread, if any. Armeria makes the
   * request's context current while its handlers (REST and gRPC alike) run.
   */
  public static Optional<Caller> current() {
    @Nullable ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
    return ctx == null ? Optional.empty() : of(ctx);
  }
}
