package io.medulla.protocol.grpc;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.medulla.inference.InferenceException;
import io.medulla.protocol.RetryAfter;
import io.medulla.protocol.Statuses;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns failures into gRPC statuses: domain failures keep their status and caller-facing message;
 * anything else is INTERNAL with a generic message, and is logged here without request data. A
 * domain failure with a retry estimate adds the trailing metadata {@code retry-after} (whole
 * seconds), as REST adds the {@code Retry-After} header.
 */
final class GrpcErrors {
  /** The trailing metadata key that carries a retry estimate, in whole seconds. */
  static final Metadata.Key<String> RETRY_AFTER =
      Metadata.Key.of("retry-after", Metadata.ASCII_STRING_MARSHALLER);

  private static final Logger log = LoggerFactory.getLogger(GrpcErrors.class);

  private GrpcErrors() {}

  /** Returns the status for {@code failure}, logging unexpected failures under {@code rpc}. */
  static Status status(Throwable failure, String rpc) {
    Throwable t = unwrap(failure);
    if (t instanceof InferenceException e) {
      return Statuses.grpcStatus(e.status()).withDescription(e.getMessage());
    }
    if (t instanceof StatusRuntimeException e) {
      return e.getStatus();
    }
    if (t instanceof CancellationException) {
      return Status.CANCELLED.withDescription("the request was cancelled");
    }
    // Only the type and stack: an unexpected message might quote request data.
    log.error("{} failed unexpectedly with {}", rpc, t.getClass().getName(), t);
    return Status.INTERNAL.withDescription(
        "internal error in " + rpc + "; the server log has the details");
  }

  /** Returns {@link #status} as an exception to hand to {@code onError}, with its trailers. */
  static StatusRuntimeException exception(Throwable failure, String rpc) {
    Status status = status(failure, rpc);
    if (unwrap(failure) instanceof InferenceException e) {
      Duration retryAfter = e.retryAfter();
      if (retryAfter != null) {
        Metadata trailers = new Metadata();
        trailers.put(RETRY_AFTER, Long.toString(RetryAfter.seconds(retryAfter)));
        return status.asRuntimeException(trailers);
      }
    }
    return status.asRuntimeException();
  }

  private static Throwable unwrap(Throwable t) {
    Throwable cur = t;
    while ((cur instanceof CompletionException || cur instanceof ExecutionException)
        && cur.getCause() != null) {
      cur = cur.getCause();
    }
    return cur;
  }
}
