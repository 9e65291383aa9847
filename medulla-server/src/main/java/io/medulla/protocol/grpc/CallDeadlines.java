package io.medulla.protocol.grpc;

import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.Context;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Reads the time left to the gRPC call being handled on this thread, from grpc-java's {@link
 * Context} deadline or, under Armeria (which turns {@code grpc-timeout} into its own request
 * timeout instead), from the Armeria request timeout.
 */
final class CallDeadlines {
  private CallDeadlines() {}

  /** Returns the nanoseconds left to the current call, or empty when it has no deadline. */
  static OptionalLong remainingNanos() {
    long best = Long.MAX_VALUE;
    io.grpc.Deadline grpc = Context.current().getDeadline();
    if (grpc != null) {
      best = Math.max(0, grpc.timeRemaining(TimeUnit.NANOSECONDS));
    }
    ServiceRequestContext armeria = ServiceRequestContext.currentOrNull();
    if (armeria != null && armeria.requestTimeoutMillis() > 0) {
      // Counted from the request's start, so slightly generous here; Armeria itself still
      // cancels the call at the exact moment.
      best = Math.min(best, TimeUnit.MILLISECONDS.toNanos(armeria.requestTimeoutMillis()));
    }
    return best == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(best);
  }
}
