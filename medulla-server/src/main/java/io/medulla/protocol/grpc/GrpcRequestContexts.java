package io.medulla.protocol.grpc;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.Deadline;
import io.medulla.inference.InvalidInputException;
import io.medulla.inference.RequestContext;
import io.medulla.inference.RequestId;
import io.medulla.inference.UnauthenticatedException;
import io.medulla.protocol.CallerContext;
import io.medulla.protocol.grpc.proto.InferParameter;
import io.medulla.tenancy.Caller;
import io.medulla.time.Ticker;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Builds the {@link RequestContext} of an inference call: the caller's identity, the {@code
 * priority} request parameter, and a deadline from the {@code timeout} request parameter
 * (microseconds, Triton's unit) bounded by the gRPC call's own deadline.
 */
final class GrpcRequestContexts {
  /** The request parameters that become context fields instead of being passed through. */
  static final Set<String> RESERVED = Set.of("priority", "timeout");

  private final Ticker ticker;
  private final Supplier<RequestId> requestIds;

  GrpcRequestContexts(Ticker ticker, Supplier<RequestId> requestIds) {
    this.ticker = requireNonNull(ticker, "ticker");
    this.requestIds = requireNonNull(requestIds, "requestIds");
  }

  /**
   * Returns the context of a request with these parameters, arriving now on this thread.
   *
   * @throws InvalidInputException if {@code priority} or {@code timeout} is not a non-negative
   *     integer
   * @throws io.medulla.inference.UnauthenticatedException outside an authenticated call
   */
  RequestContext create(Map<String, InferParameter> parameters) {
    long now = ticker.nanos();
    int priority =
        Math.toIntExact(nonNegative("priority", parameters.get("priority"), Integer.MAX_VALUE));
    long timeoutMicros = nonNegative("timeout", parameters.get("timeout"), Long.MAX_VALUE);
    Caller caller =
        CallerContext.current()
            .orElseThrow(() -> new UnauthenticatedException("authentication required"));
    return new RequestContext(
        requestIds.get(),
        caller.tenant(),
        caller.principal().id(),
        priority,
        deadline(now, timeoutMicros),
        now);
  }

  private static Deadline deadline(long now, long timeoutMicros) {
    // Triton's timeout of 0 means none.
    long nanos = timeoutMicros > 0 ? saturatedMicrosToNanos(timeoutMicros) : Long.MAX_VALUE;
    OptionalLong call = CallDeadlines.remainingNanos();
    if (call.isPresent()) {
      nanos = Math.min(nanos, call.getAsLong());
    }
    return nanos == Long.MAX_VALUE ? Deadline.none() : Deadline.after(now, Duration.ofNanos(nanos));
  }

  private static long saturatedMicrosToNanos(long micros) {
    return micros > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE - 1 : micros * 1000;
  }

  private static long nonNegative(String key, @Nullable InferParameter p, long max) {
    if (p == null) {
      return 0;
    }
    long v =
        switch (p.getParameterChoiceCase()) {
          case INT64_PARAM -> p.getInt64Param();
          case UINT64_PARAM -> p.getUint64Param() < 0 ? -1 : p.getUint64Param();
          default ->
              throw new InvalidInputException(
                  "request parameter '" + key + "': not an integer (expected: int64 or uint64)");
        };
    if (v < 0 || v > max) {
      throw new InvalidInputException(
          "request parameter '" + key + "': out of range (expected: 0 to " + max + ")");
    }
    return v;
  }
}
