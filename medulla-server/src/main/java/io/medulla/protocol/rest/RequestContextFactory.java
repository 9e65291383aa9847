package io.medulla.protocol.rest;

import io.medulla.inference.Deadline;
import io.medulla.inference.InvalidInputException;
import io.medulla.inference.RequestContext;
import io.medulla.inference.RequestId;
import io.medulla.tenancy.Caller;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Builds the {@link RequestContext} of a REST request: who asks (the verified caller the
 * authentication decorator left in {@link CallerContext}), and the scheduling hints of the
 * request-level {@code priority} and {@code timeout} parameters.
 */
final class RequestContextFactory {
  /**
   * Returns the context of a request that arrived at {@code arrivalNanos}.
   *
   * <p>{@code priority} (an integer {@code >= 0}, 0 meaning the model's default) becomes the
   * context's priority. {@code timeout} (microseconds, an integer {@code >= 0}) becomes a deadline
   * counted from arrival; as in Triton, 0 means no timeout.
   *
   * @throws io.medulla.inference.InvalidInputException if a parameter is malformed
   */
  RequestContext create(
      Caller caller, RequestId requestId, long arrivalNanos, Map<String, Object> params) {
    int priority = (int) nonNegative(params, "priority", Integer.MAX_VALUE);
    long timeoutMicros = nonNegative(params, "timeout", Long.MAX_VALUE);
    Deadline deadline =
        timeoutMicros == 0
            ? Deadline.none()
            : Deadline.after(arrivalNanos, microseconds(timeoutMicros));
    return new RequestContext(
        requestId, caller.tenant(), caller.principal().id(), priority, deadline, arrivalNanos);
  }

  private static Duration microseconds(long micros) {
    // Above a year Deadline treats every timeout alike; avoid Duration overflow on the way.
    return micros > 365L * 24 * 3600 * 1_000_000
        ? Duration.ofDays(366)
        : Duration.of(micros, ChronoUnit.MICROS);
  }

  private static long nonNegative(Map<String, Object> params, String key, long max) {
    Object value = params.get(key);
    if (value == null) {
      return 0;
    }
    if (!(value instanceof Long l) || l < 0 || l > max) {
      throw new InvalidInputException(
          "parameters." + key + ": expected an integer in [0, " + max + "]");
    }
    return l;
  }
}
